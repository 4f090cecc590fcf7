"""Template code that tries to take the server down (issue 10, finding 2); no Django, so
`bench/hostile_templates.py` can use it too."""

HOSTILE = {
    "center": "{{ 'a'|center(999999999) }}",
    "percent width": "{{ '%999999999s' % 'a' }}",
    "format filter": "{{ '%999999999s'|format('a') }}",
    "format method": "{{ '{:>999999999}'.format('a') }}",
    "ljust": "{{ 'a'.ljust(999999999) }}",
    "indent": "{{ ('a\\n' * 100000)|indent('x' * 100000) }}",
    "power tower": "{{ ((9**64)**64)**64 }}",
    "number squaring": (
        "{% set ns = namespace(n=9**64) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}"
        "{% endfor %}{{ ns.n }}"
    ),
    "join": "{{ range(100000)|join('x' * 100000) }}",
    "replace": "{{ ('a' * 100000)|replace('a', 'b' * 1000) }}",
    "namespace doubling": (
        "{% set ns = namespace(s='a') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}{{ ns.s|length }}"
    ),
    "plus doubling": (
        "{% set ns = namespace(s=['a']) %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}"
        "{% endfor %}{{ ns.s|length }}"
    ),
    "macro doubling": (
        "{% macro d(s, n) %}{% if n %}{{ d(s ~ s, n - 1) }}{% else %}{{ s|length }}{% endif %}"
        "{% endmacro %}{{ d('a', 64) }}"
    ),
    "recursive macro": "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "deep brackets": "{{ " + "(" * 2000 + "1" + ")" * 2000 + " }}",
    "shared list printed": "{% set l = ['a' * 100000] %}{{ l * 10 }}{{ (l * 10)|string }}",
}
SLOW = {
    "nested range loops": (
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    ),
    "output in a macro": (
        "{% macro m() %}{% for i in range(100000) %}{% for j in range(100000) %}{{ j }}"
        "{% endfor %}{% endfor %}{% endmacro %}{{ m() }}"
    ),
    "exponential macro": "{% macro f(n) %}{{ f(n-1) }}{{ f(n-1) }}{% endmacro %}{{ f(60) }}",
}
