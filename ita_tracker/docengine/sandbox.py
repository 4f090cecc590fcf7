"""The Jinja2 sandbox agency templates run in: no Python internals, and bounded work.

Templates are code written by agencies and run by the server, so besides Jinja's
``ImmutableSandboxedEnvironment`` (no ``__class__``, no mutation of the data) every way a
template can make a value is bounded:

- no value a template makes (a text, a list) may be longer than :data:`MAX_SIZE`, checked
  *before* the work for the operations that could allocate it in one step: ``*``, ``+``, ``%``
  and ``**``, ``~``, every filter (``center``, ``indent``, ``format``, ``replace``, ``join``,
  ``wordwrap`` …), every call (``'x'.ljust(n)``, ``'{:>999999999}'.format(…)``, macros), every
  ``{{ … }}`` printed, and numbers larger than :data:`MAX_INT_BITS`;
- one part of the document may print at most :data:`MAX_OUTPUT` characters;
- :class:`Budget` gives a render a time and a memory budget: a watchdog thread raises
  :class:`LimitExceeded` inside the rendering thread when either runs out (nested
  ``range(100000)`` loops, recursive macros, string doubling in a ``namespace`` loop).

A breach is a :class:`LimitExceeded` (a Jinja ``SecurityError``), raised inside the template's
own frames so that the caller can say on which line it happened. No Django here.
"""

from __future__ import annotations

import ctypes
import operator
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from typing import Any

import jinja2
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

MAX_SIZE = 1_000_000  # characters of a text, items of a list, made by the template
MAX_OUTPUT = 30_000_000  # characters one part of the document may print
MAX_INT_BITS = 4096  # no number larger than 2**4096 (a 1,233-digit number)
RENDER_SECONDS = 6.0
RENDER_MEMORY = 300 * 1024 * 1024  # growth of the process's resident memory during a render


class LimitExceeded(SecurityError):
    """A template asked for more work than it may: ``message_th`` / ``message_en`` say which."""

    message_th = "แม่แบบทำงานเกินขีดจำกัด"
    message_en = "the template exceeds a limit"

    def __init__(self, message_th: str = "", message_en: str = "") -> None:
        if message_th:
            self.message_th = message_th
        if message_en:
            self.message_en = message_en
        super().__init__(self.message_en)


class TimeExceeded(LimitExceeded):
    message_th = "แม่แบบใช้เวลาสร้างเอกสารนานเกินกำหนด (อาจมีคำสั่งวนซ้ำมากเกินไป)"
    message_en = "the template took too long to render (a loop too large?)"


class MemoryExceeded(LimitExceeded):
    message_th = "แม่แบบใช้หน่วยความจำเกินกำหนด (อาจสร้างข้อความหรือรายการใหญ่เกินไป)"
    message_en = "the template used too much memory to render"


def _too_large(what: str, size: int, limit: int = MAX_SIZE) -> LimitExceeded:
    return LimitExceeded(
        f"แม่แบบสร้าง{what}ยาว {size:,} ตัว เกินกำหนด {limit:,}",
        f"the template makes a value of {size:,} characters or items, more than {limit:,}",
    )


def weight(value: Any, limit: int = MAX_SIZE) -> int:
    """About how many characters ``value`` is as text (a list counts every item, shared or
    not); stops counting once past ``limit``, so it costs at most ``limit`` steps."""
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, bool | int | float | None):
        return 24
    if isinstance(value, Mapping):
        items: Iterable[Any] = (x for pair in value.items() for x in pair)
    elif isinstance(value, list | tuple | set | frozenset | range):
        if isinstance(value, range):
            return len(value) * 8
        items = value
    else:
        return 64
    total = 2
    for item in items:
        total += 2 + weight(item, limit - total)
        if total > limit:
            break
    return total


def check_size(value: Any) -> Any:
    """``value`` unchanged, or :class:`LimitExceeded` when it is longer than ``MAX_SIZE``."""
    size = weight(value)
    if size > MAX_SIZE:
        raise _too_large("ข้อมูล", size)
    return value


def _check_int(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_INT_BITS:
        raise LimitExceeded("แม่แบบสร้างตัวเลขใหญ่เกินไป", "the template makes a number too large")


def _check_count(value: Any) -> None:
    """An int argument that says how long something will be (a width, a count)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_SIZE:
        raise _too_large("ข้อความ", abs(value))


# %-formatting: the width and precision of each conversion decide the size of the result.
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_FORMAT_SPEC = re.compile(r"\{[^{}]*?:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")


def _check_format_string(pattern: str, spec: re.Pattern[str]) -> None:
    for match in spec.finditer(pattern):
        for number in match.groups():
            if number == "*":
                raise LimitExceeded(
                    "แม่แบบใช้ความกว้าง * ในการจัดรูปแบบข้อความไม่ได้",
                    "a '*' width in string formatting is not allowed",
                )
            if number and int(number) > MAX_SIZE:
                raise _too_large("ข้อความ", int(number))


def _estimate_replace(text: Any, old: Any, new: Any, count: Any = -1) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        hits = len(text) + 1 if not old else text.count(old)
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        size = len(text) + hits * (len(new) - len(old))
        if size > MAX_SIZE:
            raise _too_large("ข้อความ", size)


def _estimate_join(separator: Any, items: Any) -> list[Any] | Any:
    if not isinstance(separator, str):
        return items
    if not isinstance(items, list | tuple):
        items = list(_bounded_iter(items))
    size = len(separator) * len(items) + sum(weight(item) for item in items)
    if size > MAX_SIZE:
        raise _too_large("ข้อความ", size)
    return items


def _bounded_iter(items: Iterable[Any]) -> Iterable[Any]:
    for count, item in enumerate(items):
        if count >= MAX_SIZE:
            raise _too_large("รายการ", count)
        yield item


def _estimate_wrap(text: Any, width: Any, wrap: Any) -> None:
    if isinstance(text, str) and isinstance(width, int) and isinstance(wrap, str):
        size = len(text) + (len(text) // max(width, 1) + 1) * len(wrap)
        if size > MAX_SIZE:
            raise _too_large("ข้อความ", size)


def _estimate_indent(text: Any, width: Any = 4, *_args: Any) -> None:
    if isinstance(text, str) and isinstance(width, str):
        size = len(text) + (text.count("\n") + 1) * len(width)
        if size > MAX_SIZE:
            raise _too_large("ข้อความ", size)


# Filters whose int arguments are a width or a count of what they make.
_WIDTH_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "batch", "slice"})


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    passes = getattr(function, "jinja_pass_arg", None)

    @wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        values = args[1:] if passes is not None else args
        for value in values:
            check_size(value)
        if name in _WIDTH_FILTERS:
            for extra in (*values[1:], *kwargs.values()):
                _check_count(extra)
        if values:
            subject, rest = values[0], values[1:]
            if name == "replace":
                _estimate_replace(subject, *rest, **kwargs)
            elif name == "join":
                separator = rest[0] if rest else kwargs.get("d", "")
                if "attribute" not in kwargs and len(rest) < 2:
                    subject = _estimate_join(separator, subject)
                    args = (*args[: len(args) - len(values)], subject, *rest)
            elif name == "wordwrap":
                width = rest[0] if rest else kwargs.get("width", 79)
                wrap = rest[2] if len(rest) > 2 else kwargs.get("wrapstring")
                _estimate_wrap(subject, width, wrap)
            elif name == "indent":
                _estimate_indent(
                    subject, *rest, **{k: v for k, v in kwargs.items() if k == "width"}
                )
            elif name == "format" and isinstance(subject, str):
                _check_format_string(subject, _PERCENT_SPEC)
        result = function(*args, **kwargs)
        if isinstance(result, str | list | tuple):
            check_size(result)
        return result

    return bounded


MAX_NESTING = 64  # brackets inside brackets, blocks inside blocks
_OPENING_BLOCKS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape"})


class _TooDeep(jinja2.TemplateSyntaxError):
    pass


def _check_nesting(tokens: Iterable[tuple[int, str, str]]) -> None:
    brackets = blocks = 0
    after_block_begin = False
    for line, kind, value in tokens:
        if kind == "operator" and value in "([{":
            brackets += 1
        elif kind == "operator" and value in ")]}":
            brackets -= 1
        elif after_block_begin and kind == "name":
            if value in _OPENING_BLOCKS:
                blocks += 1
            elif value.startswith("end"):
                blocks -= 1
        after_block_begin = kind == "block_begin"
        if brackets > MAX_NESTING or blocks > MAX_NESTING:
            raise _TooDeep(
                f"คำสั่งซ้อนกันเกิน {MAX_NESTING} ชั้น / nested more than {MAX_NESTING} deep", line
            )


class _BoundedCodeGenerator(CodeGenerator):
    """Each operand of ``~`` is checked before it is turned into text, and the result after."""

    def visit_Concat(self, node: jinja2.nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            func_name = "markup_join"
        else:
            func_name = "str_join"
        self.write(f"environment.check_size({func_name}((")
        for arg in node.nodes:
            self.write("environment.check_size(")
            self.visit(arg, frame)
            self.write("), ")
        self.write(")))")


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox with bounded operators, filters, calls and output."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **options: Any) -> None:
        options.setdefault("finalize", check_size)  # every {{ … }} before it is printed
        super().__init__(**options)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        # Nothing a memo needs; lipsum and cycler/joiner only widen the surface.
        for name in ("lipsum", "cycler", "joiner"):
            self.globals.pop(name, None)
        self._compiled: dict[str, jinja2.Template] = {}
        self._compiled_lock = threading.Lock()

    check_size = staticmethod(check_size)

    def _parse(self, source: str, name: str | None, filename: str | None) -> jinja2.nodes.Template:
        """Refuse deep nesting with its line before Jinja's recursive parser overflows."""
        try:
            _check_nesting(self.lex(source, name, filename))
        except _TooDeep:
            raise
        except jinja2.TemplateSyntaxError:
            pass  # a plain syntax error: the parser reports it where it really is
        return super()._parse(source, name, filename)

    def concat(self, parts: Iterable[str]) -> str:
        """The rendered part, refused once it grows past ``MAX_OUTPUT``."""
        out: list[str] = []
        total = 0
        for part in parts:
            total += len(part)
            if total > MAX_OUTPUT:
                raise _too_large("เอกสาร", total, MAX_OUTPUT)
            out.append(part)
        return "".join(out)

    def call_binop(
        self, context: jinja2.runtime.Context, operator_: str, left: Any, right: Any
    ) -> Any:
        if operator_ == "**":
            if isinstance(left, int) and isinstance(right, int):
                if right > 64 or max(left.bit_length(), 1) * max(right, 0) > MAX_INT_BITS:
                    raise LimitExceeded(
                        "แม่แบบสร้างตัวเลขใหญ่เกินไป", "the template makes a number too large"
                    )
            elif isinstance(right, int | float) and abs(right) > 64:
                raise LimitExceeded("เลขยกกำลังใหญ่เกินไป", "exponent too large")
            return operator.pow(left, right)
        if operator_ == "*":
            for a, b in ((left, right), (right, left)):
                if isinstance(a, str | list | tuple) and isinstance(b, int):
                    size = weight(a) * b
                    if size > MAX_SIZE:
                        raise _too_large("ข้อความ", size)
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and left.bit_length() + right.bit_length() > MAX_INT_BITS
            ):
                raise LimitExceeded(
                    "แม่แบบสร้างตัวเลขใหญ่เกินไป", "the template makes a number too large"
                )
            return operator.mul(left, right)
        if operator_ == "%":
            if isinstance(left, str):
                _check_format_string(left, _PERCENT_SPEC)
                check_size(right)
            return check_size(operator.mod(left, right))
        # "+": both sides are bounded, so the sum is at most twice the limit before the check
        check_size(left)
        check_size(right)
        return check_size(operator.add(left, right))

    def call(
        __self,
        __context: jinja2.runtime.Context,
        __obj: Any,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        for value in (*args, *kwargs.values()):
            check_size(value)
            if isinstance(owner, str | list | tuple):  # 'x'.ljust(n), 'x'.zfill(n) …
                _check_count(value)
        if isinstance(owner, str):
            if name == "replace" and len(args) >= 2:
                _estimate_replace(owner, *args[:3])
            elif name == "join" and args:
                args = (_estimate_join(owner, args[0]), *args[1:])
            elif name == "expandtabs":
                size = len(owner) * max(int(args[0]) if args else 8, 1)
                if size > MAX_SIZE:
                    raise _too_large("ข้อความ", size)
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str | list | tuple):
            check_size(result)
        _check_int(result)
        return result

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``'…'.format``: the sandbox wraps it when it is looked up; widths are checked then
        (a width taken from an argument is an int argument, checked by :meth:`call`)."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_format_string(value.__self__, _FORMAT_SPEC)
        return wrapped

    def from_string(
        self,
        source: str | jinja2.nodes.Template,
        globals: Any = None,
        template_class: Any = None,
    ) -> jinja2.Template:
        """Compiled templates are kept: compiling a memo's XML costs more than rendering it."""
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._compiled_lock:
            compiled = self._compiled.get(source)
        if compiled is None:
            compiled = super().from_string(source)
            with self._compiled_lock:
                if len(self._compiled) >= _COMPILED_CACHE_SIZE:
                    self._compiled.clear()
                self._compiled[source] = compiled
        return compiled


_COMPILED_CACHE_SIZE = 64


def sandbox() -> Sandbox:
    """A new sandboxed environment as templates are rendered and linted in."""
    return Sandbox(undefined=jinja2.StrictUndefined, autoescape=True)


# -- time and memory ------------------------------------------------------------------------
def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


# Own function objects (indexing makes a new one), so their argtypes are ours alone.
_set_async_exc = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int
_clear_async_exc = ctypes.pythonapi["PyThreadState_SetAsyncExc"]
_clear_async_exc.argtypes = (ctypes.c_ulong, ctypes.c_void_p)  # NULL clears a pending one
_clear_async_exc.restype = ctypes.c_int
_POLL_SECONDS = 0.02
# A breach is raised again this long after, while the render has not left its budget. Long
# enough that the first one has surely left the template frames if it was not swallowed.
_REFIRE_SECONDS = 0.5


class Budget:
    """``with Budget(): render()`` — :class:`TimeExceeded` or :class:`MemoryExceeded` is raised
    in the rendering thread when the render runs past ``seconds`` or the process grows by more
    than ``memory`` bytes. Python code is interrupted between two bytecodes, so the single
    steps it cannot interrupt are the ones bounded by ``MAX_SIZE``.

    One watchdog thread serves every render of the process. The memory is the whole
    process's: another thread's render counts too, which only makes the budget stricter while
    the server is busy.
    """

    def __init__(self, seconds: float | None = None, memory: int | None = None) -> None:
        self.seconds = RENDER_SECONDS if seconds is None else seconds
        self.memory = RENDER_MEMORY if memory is None else memory
        self.fired: type[LimitExceeded] | None = None
        self.fired_at = 0.0
        self.refired = 0
        self.done = False

    def __enter__(self) -> Budget:
        self.thread_id = threading.get_ident()
        self.start_memory = _resident_bytes()
        self.deadline = time.monotonic() + self.seconds
        _WATCHDOG.add(self)
        return self

    def breach(self, now: float, resident: int | None) -> type[LimitExceeded] | None:
        if now > self.deadline:
            return TimeExceeded
        grown = resident - self.start_memory if resident and self.start_memory else 0
        if grown > self.memory:
            return MemoryExceeded
        return None

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        self.done = True  # first: the watchdog raises nothing more in this thread
        with _WATCHDOG.lock:
            _WATCHDOG.budgets.discard(self)
            if self.fired is not None:
                # Perhaps not delivered yet (the render ended first): take it back.
                _clear_async_exc(self.thread_id, None)
        if self.fired is not None and exc_type is None:
            raise self.fired()


class _Watchdog:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.budgets: set[Budget] = set()
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None

    def add(self, budget: Budget) -> None:
        with self.lock:
            self.budgets.add(budget)
            if self.thread is None or not self.thread.is_alive():  # none yet, or after a fork
                self.thread = threading.Thread(target=self.run, name="render-budget", daemon=True)
                self.thread.start()
        self.wake.set()

    def run(self) -> None:
        while True:
            self.wake.wait()
            time.sleep(_POLL_SECONDS)
            with self.lock:
                if not self.budgets:
                    self.wake.clear()
                    continue
                now = time.monotonic()
                resident = _resident_bytes()
                for budget in list(self.budgets):
                    if budget.done:
                        continue
                    if budget.fired is None:
                        breach = budget.breach(now, resident)
                        if breach is not None:
                            budget.fired, budget.fired_at = breach, now
                            _set_async_exc(budget.thread_id, breach)
                    elif now - budget.fired_at >= _REFIRE_SECONDS:
                        # Still inside the budget well after the breach: the exception landed
                        # where it was swallowed (a finaliser the garbage collector ran in the
                        # rendering thread prints "Exception ignored" and goes on), and the
                        # render went on growing (23 GB in a long test run). Raise it again.
                        budget.fired_at = now
                        budget.refired += 1
                        _set_async_exc(budget.thread_id, budget.fired)


_WATCHDOG = _Watchdog()
