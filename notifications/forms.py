"""The notification preferences and follow defaults form (its own page, and the account settings page)."""

from django import forms

from notifications import services
from notifications.models import Email, FollowDefaults, Kind
from notifications.selectors import preference_choices


class PreferencesForm(forms.Form):
    """Per kind: shown in the site or not, and mailed immediately, in the daily digest, or not at all."""

    own_reviews = forms.BooleanField(required=False, label="Follow the discussion of your own reviews")
    commented = forms.BooleanField(required=False, label="Follow every discussion you comment in")

    def __init__(self, *args, user, **kwargs) -> None:
        self.user = user
        choices = preference_choices([user.pk], Kind.values)
        defaults = services.follow_defaults_for(user)
        initial = {"own_reviews": defaults.own_reviews, "commented": defaults.commented}
        for kind in Kind.values:
            in_site, email = choices[(user.pk, kind)]
            initial[f"{kind}_in_site"], initial[f"{kind}_email"] = in_site, email
        super().__init__(*args, initial=initial, **kwargs)
        for kind in Kind.values:
            self.fields[f"{kind}_in_site"] = forms.BooleanField(required=False, label="Show in the site")
            self.fields[f"{kind}_email"] = forms.ChoiceField(choices=Email.choices, label="E-mail")

    def kinds(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, in-site field, e-mail field) per kind, for the template."""
        return [(label, self[f"{kind}_in_site"], self[f"{kind}_email"]) for kind, label in Kind.choices]

    def save(self) -> FollowDefaults:
        data = self.cleaned_data
        services.preferences_set(
            user=self.user,
            choices={kind: (data[f"{kind}_in_site"], data[f"{kind}_email"]) for kind in Kind.values},
        )
        own_reviews, commented = data["own_reviews"], data["commented"]
        return services.follow_defaults_set(user=self.user, own_reviews=own_reviews, commented=commented)
