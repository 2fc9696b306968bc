from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_alerts(context) -> int:
    """The user's unread alerts, as stored on the user (kembar/alerts/unread.py): no query of its own."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    return user.unread_alerts
