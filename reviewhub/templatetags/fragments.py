"""{% fragment "name" var ... %}…{% endfragment %}: cache a part of a page until content changes.

Like Django's {% cache %}, but keyed by the site's content version as well
(reviewhub/cache.py), so any write to content invalidates it at once,
and a failing cache only costs the render. Use it for parts that look the same
to every reader; vary on whatever else the part depends on (a film, the sort),
validated, never on the raw query string: each distinct key is a stored entry.
REVIEWHUB_FRAGMENT_CACHE_SECONDS = 0 turns it off (the default without Redis:
a per-process cache could not tell one worker about another's writes).
"""

import hashlib

from django import template
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from reviewhub.cache import cached_render

register = template.Library()

FRAGMENT_KEY_PREFIX = "fragment:"


class FragmentNode(template.Node):
    def __init__(self, nodelist: template.NodeList, name, vary_on: list) -> None:
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context: template.Context) -> SafeString:
        seconds = settings.REVIEWHUB_FRAGMENT_CACHE_SECONDS
        if seconds <= 0:
            return self.nodelist.render(context)
        parts = [str(self.name.resolve(context)), *(str(value.resolve(context)) for value in self.vary_on)]
        key = FRAGMENT_KEY_PREFIX + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
        html = cached_render(key, lambda: self.nodelist.render(context), seconds)
        return mark_safe(html)  # noqa: S308 (a copy of this node's own rendered, escaped output)  # nosec B308, B703


@register.tag
def fragment(parser: template.base.Parser, token: template.base.Token) -> FragmentNode:
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError('{% fragment %} needs a name: {% fragment "film-credits" film.pk %}')
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]])
