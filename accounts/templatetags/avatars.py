from django import template

register = template.Library()


@register.filter
def avatar_tone(user_pk: int | None) -> str:
    """One of four palette tones for a drawn avatar, stable per person, so a list of them is not uniform."""
    return f"avatar-tone-{int(user_pk or 0) % 4}"
