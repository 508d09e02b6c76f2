"""The console's runner: executes learner code in a session namespace, captures the
value of a trailing expression, and formats errors the way CPython prints them."""
import sys
import _ndplay_console_native as _native


class _Out:
    """`sys.stdout`: text goes to the running session's sink."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text):
        return _native.write(str(text))

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True


class _Err(_Out):
    """`sys.stderr` (warnings, `print(..., file=sys.stderr)`): the process's stderr when
    the run streams (`ndplay run`, `ndplay repl`), so a pipe of stdout gets only what
    the script printed; captured with stdout otherwise (the web console shows both)."""

    def write(self, text):
        return _native.write_err(str(text))


sys.stdout = _Out()
sys.stderr = _Err()


class TimeLimitExceeded(BaseException):
    """Raised into running code when the session's time limit passes."""


TimeLimitExceeded.__module__ = "ndplay"

# CPython is one per process and sessions may run on several threads at once (the
# tests do), so what belongs to a run lives in `_ctx`, a per-thread object the runner
# fills for the run; what belongs to a session (the source of each file it ran, for
# tracebacks of functions defined in an earlier cell) is kept per session namespace.
import threading as _threading

_ctx = _threading.local()
_SESSION_SOURCES = {}


def _sources():
    return getattr(_ctx, "sources", {})


def _forget(g):
    """Drops a session's sources when the session ends."""
    _SESSION_SOURCES.pop(id(g), None)


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
        src = _sources().get(e.filename)
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
        src = _sources().get(filename)
        if src is not None and 0 < lineno <= len(src):
            out.append("    " + src[lineno - 1].strip())
    out.append("%s: %s" % (name, msg) if msg else name)
    kind = "timeout" if isinstance(e, TimeLimitExceeded) else "runtime"
    return (kind, name, msg, hint, "\n".join(out), line)


# ---------------------------------------------------------------- diagnostics



def _segment(lines, line, col, end_line, end_col):
    """The source text of a range (one line's worth when it spans several)."""
    if not (0 < line <= len(lines)):
        return None
    text = lines[line - 1]
    end = end_col if end_line == line and end_col > col else len(text)
    return text[col:end]


def _labels(segment):
    """Source text of the operands of the expression in `segment`, as the engine lists
    them: both sides of a binary operation, the receiver and arguments of a call."""
    import ast
    try:
        tree = ast.parse(segment.strip(), mode="exec")
    except SyntaxError:
        return []
    if not tree.body:
        return []
    src = segment.strip()
    node = tree.body[0]
    seg = lambda n: ast.get_source_segment(src, n)
    if isinstance(node, ast.Expr):
        node = node.value
    if isinstance(node, ast.BinOp):
        return [seg(node.left), seg(node.right)]
    if isinstance(node, ast.AugAssign):
        return [seg(node.target), seg(node.value)]
    if isinstance(node, ast.Assign):
        return [seg(node.targets[0]), seg(node.value)]
    if isinstance(node, ast.Call):
        args = [seg(a) for a in node.args]
        f = node.func
        if isinstance(f, ast.Attribute) and not (
                isinstance(f.value, ast.Name) and f.value.id in ("np", "numpy")):
            return [seg(f.value)] + args
        return args
    return []


def _shape_text(shape):
    if len(shape) == 1:
        return "(%d,)" % shape[0]
    return "(" + ", ".join(str(n) for n in shape) + ")"




def _statement_range(filename, line, col, op):
    """For a store (`b[0] = 9.0`, `a += 10`), the interpreter places the instruction on
    the value or the target; the learner's sub-expression is the whole statement. Returns its range
    `(col, end_line, end_col)` when `(line, col)` is the value of an assignment."""
    import ast
    trees = _ctx.trees
    if filename not in trees:
        try:
            trees[filename] = ast.parse("\n".join(_sources().get(filename, [])))
        except SyntaxError:
            trees[filename] = None
    tree = trees[filename]
    if tree is None:
        return None
    for node in ast.walk(tree):
        store = isinstance(node, ast.AugAssign) or (isinstance(node, ast.Assign) and op == "setitem")
        if store and node.lineno == line:
            value = node.value
            if value.lineno == line and value.col_offset == col:
                return node.col_offset, node.end_lineno, node.end_col_offset
            # CPython places a store (`b[0] = 9.0`) on its target.
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(t.lineno == line and t.col_offset == col for t in targets):
                return node.col_offset, node.end_lineno, node.end_col_offset
    return None


def _place():
    """Where the running engine call was made: the innermost frame of the learner's code
    (ndplay's own frames are `<ndplay ...>` or `<string>` helpers) and the source range
    of the instruction it is executing, from CPython's position table."""
    f = sys._getframe(2)
    while f is not None:
        code = f.f_code
        name = code.co_filename
        if not (name.startswith("<ndplay") or name == "<string>"):
            positions = list(code.co_positions())
            i = f.f_lasti // 2
            if 0 <= i < len(positions) and positions[i][0] is not None:
                line, end_line, col, end_col = positions[i]
                return name, line, col, end_line, end_col
            return name, f.f_lineno, None, None, None
        f = f.f_back
    return None, None, None, None, None


def _diagnostic(kind, op, operands, message, fix):
    """Called by the engine bridge for each diagnostic an operation raised."""
    if getattr(_ctx, "diags", None) is None:
        return  # no run of ours on this thread
    filename, line, col, end_line, end_col = _place()
    if line is not None and col is not None:
        whole = _statement_range(filename, line, col, op)
        if whole is not None:
            col, end_line, end_col = whole
    key = (kind, filename, line, col)
    seen = _ctx.seen
    if key in seen:
        seen[key]["count"] += 1
        return
    lines = _sources().get(filename, [])
    head = "ndplay warning [%s]" % kind
    if line is not None:
        head += ' at "%s", line %d' % (filename, line)
    out = [head + ":"]
    segment = None
    if line is not None and col is not None and 0 < line <= len(lines):
        text = lines[line - 1]
        stripped = text.lstrip()
        indent = len(text) - len(stripped)
        out.append("    " + stripped.rstrip())
        segment = _segment(lines, line, col, end_line, end_col)
        if segment:
            pad = " " * (4 + max(col - indent, 0))
            out.append(pad + "^" * max(len(segment.rstrip()), 1))
            labels = _labels(segment)
            shapes = ["%s %s" % (_shape_text(s), d) for s, d in operands]
            if len(labels) == len(shapes) and all(labels):
                parts = ["%s: %s" % (l, s) for l, s in zip(labels, shapes)]
            else:
                parts = shapes
            if parts:
                out.append(pad + " | ".join(parts))
    out.append("  " + message)
    out.append("  fix: " + fix)
    text = "\n".join(out)
    entry = {
        "kind": kind, "op": op, "message": message, "fix": fix,
        "line": line, "col": col, "end_col": end_col if end_line == line else None,
        "segment": segment, "operands": [(list(s), d) for s, d in operands],
        "text": text, "count": 1,
    }
    seen[key] = entry
    _ctx.diags.append(entry)
    if _ctx.stream:
        _native.write_diagnostic(text)


def _take_diagnostics():
    out = [(d["kind"], d["op"], d["message"], d["fix"], d["line"], d["col"],
            d["end_col"], d["segment"], d["operands"], d["text"], d["count"])
           for d in _ctx.diags]
    _ctx.diags = None
    _ctx.seen = {}
    return out


# ---------------------------------------------------------------- web guard rails

# Modules user code may import in a sandboxed (web) session. Pure computation and the
# bits of os/sys/time that lessons touch; nothing that reaches files, processes or the
# network.
_WEB_MODULES = frozenset("""
    numpy math cmath time sys os random itertools functools collections statistics string
    re json dataclasses typing fractions decimal operator copy heapq bisect textwrap pprint
    enum abc numbers array datetime
""".split())


def _denied(what, instead):
    def refuse(*args, **kwargs):
        raise PermissionError(
            "%s is not available in the web console: it has no access to the server's "
            "files. %s" % (what, instead))
    refuse.__name__ = what
    return refuse


class _WebOS:
    """`os` as the web console offers it: paths and facts, no files or processes."""

    def __init__(self, real):
        self.path = real.path
        self.sep = real.sep
        self.linesep = real.linesep
        self.name = real.name
        self.getcwd = real.getcwd
        self.cpu_count = real.cpu_count

    def __getattr__(self, name):
        raise AttributeError(
            "os.%s is not available in the web console (it offers os.path, os.sep, "
            "os.getcwd); run the script with `ndplay run` for file and process access"
            % name)


def _sandbox(g):
    """Guard rails for a session served over HTTP: no `open`/`input`, no file functions in
    numpy, and imports limited to computation modules. They stop accidents and casual
    misuse; they are not a security boundary (Python objects lead back to the real
    modules), which is why the server answers loopback pages only."""
    import builtins
    import os as real_os
    import types
    web_os = _WebOS(real_os)
    # This session's own view of numpy, without the file functions: the real module is
    # shared by every session of the process, so it is left as it is.
    real_np = sys.modules["numpy"]
    web_np = types.ModuleType("numpy", real_np.__doc__)
    web_np.__dict__.update(real_np.__dict__)
    for name in ("save", "savez", "savez_compressed", "load"):
        setattr(web_np, name, _denied("np." + name,
                                      "Use `ndplay run script.py` to read and write files."))
    real_import = builtins.__import__

    def guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
        if globals is g and level == 0:
            top = name.partition(".")[0]
            if top not in _WEB_MODULES:
                raise ImportError(
                    "the web console does not offer the module %r (it offers numpy, math, "
                    "time, sys, os.path and pure-computation modules); run the script with "
                    "`ndplay run` for everything else" % name, name=name)
            if top == "os":
                return web_os
            if name == "numpy" or (top == "numpy" and not fromlist):
                real_import(name, globals, locals, fromlist, level)
                return web_np
        return real_import(name, globals, locals, fromlist, level)

    # The interpreter's import statement calls builtins.__import__ itself (not the
    # frame's builtins), so the guard goes there; it only judges imports made by user
    # code (globals is g), so the modules' own imports and other sessions run as before.
    builtins.__import__ = guarded_import
    safe = dict(builtins.__dict__)
    safe["open"] = _denied("open", "Build arrays in code (np.array, np.random) instead.")
    safe["input"] = _denied("input", "Set the value in the code instead.")
    g["__builtins__"] = safe


def _tensors(g, before):
    from numpy import ndarray
    out = []
    for name, value in list(g.items()):
        if name.startswith("_") or not isinstance(value, ndarray):
            continue
        if before.get(name) is not value:
            out.append((name, value))
    return out


def run(src, filename, g, want_result, stream_diagnostics=False):
    """Runs `src`; returns `(result_repr, error, tensors, diagnostics)`."""
    import ast
    _ctx.stream = stream_diagnostics
    _ctx.diags = []
    _ctx.seen = {}
    _ctx.trees = {}
    _ctx.sources = _SESSION_SOURCES.setdefault(id(g), {})
    _ctx.sources[filename] = src.splitlines()
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
    return (result, error, tensors, _take_diagnostics())
