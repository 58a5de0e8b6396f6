from django.urls import path

from . import views

app_name = "lists"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.start, name="start"),
    path("add/", views.add, name="add"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/items/", views.item, name="item"),
    path("<int:pk>/choose/", views.choose, name="choose"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/print/", views.print_page, name="print"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/email/", views.send, name="send"),
]
