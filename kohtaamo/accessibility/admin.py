from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reply_by", "excerpt", "email", "replied_at"]
    list_filter = [("replied_at", admin.EmptyFieldListFilter)]
    readonly_fields = ["created_at", "reply_by", "message", "page", "email", "language"]
    fields = [*readonly_fields, "replied_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("message"))
    def excerpt(self, feedback):
        return feedback.message[:80]
