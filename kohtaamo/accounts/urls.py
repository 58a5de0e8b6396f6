from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.verify, name="verify"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("profile/", views.profile, name="profile"),
    path("profile/two-factor/", views.setup_two_factor, name="setup_two_factor"),
    path("profile/backup-codes/", views.new_backup_codes, name="new_backup_codes"),
    path("profile/password/", views.PasswordChangeView.as_view(), name="password_change"),
]
