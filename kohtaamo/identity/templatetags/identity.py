from django import template

from ..models import IdentityProvider

register = template.Library()


@register.inclusion_tag("identity/provider_buttons.html")
def provider_buttons(next_url=""):
    """The login page's "Log in with <organisation>" buttons, one per active provider."""
    return {"providers": IdentityProvider.objects.filter(is_active=True), "next": next_url}
