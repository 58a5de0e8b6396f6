import math

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from kohtaamo.core import audit
from kohtaamo.core.redirects import is_own_page

from . import limits, two_factor
from .forms import DeviceConfirmForm, EmailAuthenticationForm, ProfileForm, TokenForm
from .permissions import requires_two_factor
from .roles import Role


def _safe_next(request, default="desk"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and is_own_page(request, target):
        return target
    return reverse(default)


def landing_url(user):
    """Where a person lands after signing in: staff on their work (the desk), a
    volunteer on their offers and next visit, a volunteer coordinator on the
    programme's dashboard; a resident's own things are on the front page."""
    roles = set() if user.is_superuser else user.roles()
    if roles and roles <= {Role.VOLUNTEER}:
        return reverse("volunteers:home")
    if Role.VOLUNTEER_COORDINATOR in roles and roles <= {
        Role.VOLUNTEER_COORDINATOR,
        Role.VOLUNTEER,
    }:
        return reverse("volunteers:dashboard")
    return reverse("desk" if user.is_superuser or user.active_memberships() else "home")


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)

    def post(self, request, *args, **kwargs):
        paused = limits.paused(request)
        if paused is not None:
            return _paused_page(request, paused.retry_after, from_address=True)
        return super().post(request, *args, **kwargs)

    def get_success_url(self):
        target = super().get_success_url()
        user = self.request.user
        # A password alone never completes a staff login: the code step comes next.
        if requires_two_factor(user):
            step = (
                "accounts:verify"
                if two_factor.has_confirmed_totp(user)
                else "accounts:setup_two_factor"
            )
            return f"{reverse(step)}?{urlencode({'next': target})}"
        return target


class LogoutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


@login_required
def verify(request):
    """Second step of signing in: the one-time code."""
    user = request.user
    if not requires_two_factor(user) or user.is_verified():
        return redirect(_safe_next(request))
    if not two_factor.has_confirmed_totp(user):
        return redirect(
            f"{reverse('accounts:setup_two_factor')}?{urlencode({'next': _safe_next(request)})}"
        )
    form = TokenForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if form.device.persistent_id.startswith("otp_static"):
            messages.warning(
                request,
                _("You used a backup code. %(count)s backup codes are left.")
                % {"count": two_factor.backup_codes_left(user)},
            )
        return redirect(_safe_next(request))
    return render(request, "accounts/verify.html", {"form": form, "next": _safe_next(request)})


@login_required
def setup_two_factor(request):
    """Pair an authenticator app with the account, then show the backup codes once."""
    user = request.user
    if two_factor.has_confirmed_totp(user) and not user.is_verified():
        return redirect(
            f"{reverse('accounts:verify')}?{urlencode({'next': request.get_full_path()})}"
        )
    device = two_factor.pending_totp_device(user)
    form = DeviceConfirmForm(device, request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_totp_device(request, device)
        otp_login(request, device)
        return render(
            request,
            "accounts/backup_codes.html",
            {"codes": codes, "next": _safe_next(request, default="accounts:profile")},
        )
    return render(
        request,
        "accounts/setup_two_factor.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_svg(device),
            "secret": two_factor.secret_for_display(device),
            "next": _safe_next(request, default="accounts:profile"),
            "required": requires_two_factor(user),
        },
    )


@login_required
@require_POST
def new_backup_codes(request):
    if not request.user.is_verified():
        return redirect("accounts:verify")
    codes = two_factor.regenerate_backup_codes(request.user)
    audit.record(audit.Action.TWO_FACTOR, request.user, request=request, purpose="new backup codes")
    return render(
        request, "accounts/backup_codes.html", {"codes": codes, "next": reverse("accounts:profile")}
    )


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(audit.Action.CHANGE, user, request=request, fields=form.changed_data)
        messages.success(request, _("Your details have been saved."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": user.active_memberships(),
            "two_factor_required": requires_two_factor(user),
            "has_authenticator": two_factor.has_confirmed_totp(user),
            "backup_codes_left": two_factor.backup_codes_left(user),
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(
            audit.Action.CHANGE, self.request.user, request=self.request, fields=["password"]
        )
        messages.success(self.request, _("Your password has been changed."))
        return response


def _paused_page(request, seconds, from_address=False):
    minutes = max(1, math.ceil(seconds / 60))
    response = render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "from_address": from_address},
        status=429,
    )
    response["Retry-After"] = str(int(seconds))
    return response


def locked_out(request, credentials=None, *args, **kwargs):
    """Shown instead of the login form after too many wrong passwords."""
    from django.conf import settings

    return _paused_page(request, settings.AXES_COOLOFF_TIME.total_seconds())
