from django.urls import path

from ..views import client

app_name = "outcomes_client"

# Under the referral's own secret path (/<lang>/referrals/r/questions/), so that the
# link's cookie opens them (core.secret_links.REFERRAL).
urlpatterns = [
    path("", client.questions, name="questions"),
    path("<int:plan_pk>/", client.questionnaire, name="questionnaire"),
]
