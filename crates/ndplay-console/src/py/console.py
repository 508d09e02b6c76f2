"""The console's runner: executes learner code in a session namespace, captures the
value of a trailing expression, and formats errors the way CPython prints them."""
import sys
import _ndplay


class _Out:
    """`sys.stdout`/`sys.stderr`: text goes to the running session's sink."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text):
        return _ndplay.write(str(text))

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True


sys.stdout = sys.stderr = _Out()


class TimeLimitExceeded(BaseException):
    """Raised into running code when the session's time limit passes."""


TimeLimitExceeded.__module__ = "ndplay"

_sources = {}


def _qualified(exc_type):
    mod = getattr(exc_type, "__module__", "builtins")
    if mod in ("builtins", "__main__", None):
        return exc_type.__qualname__
    return mod + "." + exc_type.__qualname__


def _ours(filename):
    return filename.startswith("<ndplay")


def _syntax_error(e, filename):
    lines = []
    lineno = e.lineno or 0
    if not e.filename or e.filename.startswith("<unknown"):
        e.filename = filename
    lines.append('  File "%s", line %d' % (e.filename, lineno))
    text = e.text
    if text is None:
        src = _sources.get(e.filename)
        if src is not None and 0 < lineno <= len(src):
            text = src[lineno - 1]
    if text is not None:
        text = text.rstrip("\n")
        stripped = text.lstrip()
        indent = len(text) - len(stripped)
        lines.append("    " + stripped)
        if e.offset:
            caret = max(e.offset - 1 - indent, 0)
            end = getattr(e, "end_offset", None) or 0
            width = 1
            if getattr(e, "end_lineno", None) == e.lineno and end > e.offset:
                width = end - e.offset
            lines.append("    " + " " * caret + "^" * width)
    return lines, lineno


def _format(e, filename):
    """`(kind, type name, message, hint, text, line)` for an exception."""
    name = _qualified(type(e))
    msg = str(e)
    hint = getattr(e, "_ndplay_hint", None)
    if isinstance(e, SyntaxError):
        msg = e.msg
        body, line = _syntax_error(e, filename)
        text = "\n".join(body) + "\n%s: %s" % (name, msg)
        return ("syntax", name, msg, None, text, line)
    frames = []
    tb = e.__traceback__
    line = None
    while tb is not None:
        code = tb.tb_frame.f_code
        if not _ours(code.co_filename):
            frames.append((code.co_filename, tb.tb_lineno, code.co_name))
            line = tb.tb_lineno
        tb = tb.tb_next
    out = ["Traceback (most recent call last):"]
    for filename, lineno, fname in frames:
        out.append('  File "%s", line %d, in %s' % (filename, lineno, fname))
        src = _sources.get(filename)
        if src is not None and 0 < lineno <= len(src):
            out.append("    " + src[lineno - 1].strip())
    out.append("%s: %s" % (name, msg) if msg else name)
    kind = "timeout" if isinstance(e, TimeLimitExceeded) else "runtime"
    return (kind, name, msg, hint, "\n".join(out), line)


def _tensors(g, before):
    from numpy import ndarray
    out = []
    for name, value in list(g.items()):
        if name.startswith("_") or not isinstance(value, ndarray):
            continue
        if before.get(name) is not value:
            out.append((name, value._a))
    return out


def run(src, filename, g, want_result):
    """Runs `src`; returns `(result_repr, error, tensors)`."""
    import ast
    _sources[filename] = src.splitlines()
    before = dict(g)
    g.setdefault("__name__", "__main__")
    g.setdefault("__builtins__", __builtins__)
    result = None
    error = None
    try:
        code = compile(src, filename, "exec")
        head, tail, line = src, None, 0
        if want_result:
            body = compile(src, filename, "exec", ast.PyCF_ONLY_AST).body
            last = body[-1] if body else None
            prev_end = getattr(body[-2], "end_lineno", 0) if len(body) > 1 else 0
            if isinstance(last, ast.Expr) and last.lineno > prev_end:
                lines = src.splitlines(True)
                line = last.lineno
                head = "".join(lines[:line - 1])
                tail = "".join(lines[line - 1:])
        if tail is None:
            exec(code, g)
        else:
            exec(compile(head, filename, "exec"), g)
            # Pad with newlines so the expression keeps its line number in tracebacks.
            value = eval(compile("\n" * (line - 1) + tail, filename, "eval"), g)
            if value is not None:
                g["_"] = value
                result = repr(value)
    except SystemExit as e:
        if e.code not in (None, 0):
            error = ("exit", "SystemExit", str(e.code), None, "", None)
    except BaseException as e:
        try:
            error = _format(e, filename)
        except BaseException as inner:
            error = ("runtime", type(e).__name__, str(e), None,
                     "%s: %s (while formatting: %r)" % (type(e).__name__, e, inner), None)
    try:
        tensors = _tensors(g, before)
    except BaseException:
        tensors = []
    return (result, error, tensors)
