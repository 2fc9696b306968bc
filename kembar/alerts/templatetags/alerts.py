from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_alerts(context) -> int:
    """The user's unread alerts, counted once per request (one query; none for anonymous users)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    cached = getattr(request, "_kembar_unread_alerts", None)
    if cached is None:
        from kembar.alerts.selectors import unread_count

        cached = unread_count(user=user)
        if request is not None:
            request._kembar_unread_alerts = cached
    return cached
