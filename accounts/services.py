from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction


@transaction.atomic
def user_create(*, username: str, email: str, password: str) -> AbstractBaseUser:
    """Create a reader's account; usernames and emails are unique whatever their case."""
    user_model = get_user_model()
    email = user_model.objects.normalize_email(email)
    errors = {}
    if user_model.objects.filter(username__iexact=username).exists():
        errors["username"] = ValidationError("A user with that username already exists.", code="unique")
    if email and user_model.objects.filter(email__iexact=email).exists():
        errors["email"] = ValidationError("An account with this email address already exists.", code="duplicate_email")
    if errors:
        raise ValidationError(errors)
    user = user_model(username=user_model.normalize_username(username), email=email)
    user.set_password(password)
    user.full_clean()
    user.save()
    return user
