"""Writes `docs/numpy-coverage.md`: for every public NumPy callable, whether ndplay
implements it, the parameters ndplay's signature declares and the NumPy ones it lacks,
and how many of NumPy's own docstring examples print the same under ndplay.

Run under ndplay's console (NumPy is not needed), from the repository root:

    target/debug/ndplay run scripts/gen_coverage.py

It reads NumPy's names and signatures from `scripts/numpy_api.json`
(`scripts/gen_numpy_api.py`, run with real NumPy), introspects ndplay's own module
(`inspect.signature` over PyO3's `__text_signature__`), and takes the example counts from
`crates/ndplay-console/tests/docexamples/` (`docexamples.json` and
`known_mismatches.tsv`, which `tests/docexamples.rs` keeps true).
`tests/coverage_page.rs` runs this with `_COVERAGE_CHECK = True` bound, which prints the
page instead of writing it, and fails when the committed page differs.
"""
import inspect
import json
import os
import runpy

PAGE = "docs/numpy-coverage.md"
EXAMPLES = "crates/ndplay-console/tests/docexamples"
VAR = ("VAR_POSITIONAL", "VAR_KEYWORD")


def root():
    d = os.getcwd()
    while not os.path.exists(os.path.join(d, "scripts", "numpy_api.json")):
        parent = os.path.dirname(d)
        if parent == d:
            raise SystemExit("run this from the ndplay repository")
        d = parent
    return d


def ndplay_params(obj):
    """`[(name, kind name, default repr or None)]` of ndplay's signature, or None."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        call = getattr(type(obj), "__call__", None)
        if call is None or isinstance(obj, type):
            return None
        try:
            sig = inspect.signature(call)
        except (TypeError, ValueError):
            return None
        sig = sig.replace(parameters=list(sig.parameters.values())[1:])
    return [(p.name, p.kind.name,
             None if p.default is inspect.Parameter.empty else repr(p.default))
            for p in sig.parameters.values() if p.name != "self"]


def show(params):
    out, slash, star = [], False, False
    for name, kind, default in params:
        if kind == "POSITIONAL_ONLY":
            slash = True
        elif slash:
            out.append("/")
            slash = False
        if kind == "KEYWORD_ONLY" and not star:
            out.append("*")
            star = True
        if kind == "VAR_POSITIONAL":
            star = True
            name = "*" + name
        elif kind == "VAR_KEYWORD":
            name = "**" + name
        out.append(name if default is None else "%s=%s" % (name, default))
    if slash:
        out.append("/")
    return ", ".join(out)


def missing(numpy_params, nd_params):
    """NumPy's parameters that ndplay's signature has no place for, or None when that
    cannot be told (no signature, or ndplay takes `**kwargs` and checks at call time).
    A positional-only parameter is matched by position, any other by name."""
    if numpy_params is None or nd_params is None:
        return None
    if any(k == "VAR_KEYWORD" for _, k, _ in nd_params):
        return None
    numpy_params = [p for p in numpy_params if p[0] != "self"]
    have = {n for n, _, _ in nd_params}
    positional = [n for n, k, _ in nd_params
                  if k in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
    star = any(k == "VAR_POSITIONAL" for _, k, _ in nd_params)
    lacks = []
    for i, (n, k, _) in enumerate(numpy_params):
        if k in VAR:
            continue
        if k == "POSITIONAL_ONLY" and (i < len(positional) or star):
            continue
        if n not in have:
            lacks.append(n)
    return lacks


def example_counts(base):
    """`{qualified name: (matching, compared)}` from the docstring examples."""
    with open(os.path.join(base, EXAMPLES, "docexamples.json"), encoding="utf-8") as f:
        fixture = json.load(f)
    bad = {}
    with open(os.path.join(base, EXAMPLES, "known_mismatches.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("id\t") or not line.strip():
                continue
            group = line.split("\t", 1)[0].rsplit(":", 1)[0]
            bad[group] = bad.get(group, 0) + 1
    counts = {}
    for g in fixture["groups"]:
        compared = sum(e["skip"] is None for e in g["examples"])
        for name in [g["id"]] + g["aliases"]:
            counts[name] = (g["id"], compared - bad.get(g["id"], 0), compared)
    return counts


def cell(text):
    return text.replace("|", "\\|")


def render(base):
    with open(os.path.join(base, "scripts", "numpy_api.json"), encoding="utf-8") as f:
        api = json.load(f)
    names = runpy.run_path(os.path.join(base, EXAMPLES, "ndplay_names.py"))
    ours = names["implemented"]()
    counts = example_counts(base)
    counted = set()  # a docstring shared by aliases counts once in the totals

    sections, summary = [], []
    all_match = all_compared = 0
    for section in api["sections"]:
        prefix = section["prefix"]
        rows = []
        n_impl = s_match = s_compared = 0
        for m in section["members"]:
            q = prefix + "." + m["name"]
            obj = ours.get(q)
            if obj is None:
                rows.append("| `%s` | %s | | | | |" % (m["name"], m["kind"]))
                continue
            n_impl += 1
            nd = ndplay_params(obj)
            lacks = missing(m["params"], nd)
            if nd is None:
                sig = "(not introspectable)"
            else:
                sig = "`(%s)`" % show(nd) if nd else "`()`"
            if lacks is None:
                lacks_text = "?"
            else:
                lacks_text = ", ".join("`%s`" % n for n in lacks) or "—"
            if q in counts:
                group, ok, compared = counts[q]
                if group not in counted:
                    counted.add(group)
                    s_match += ok
                    s_compared += compared
                ex = "%d/%d" % (ok, compared) if compared else "all skipped"
            else:
                ex = "no examples"
            rows.append("| `%s` | %s | ✓ | %s | %s | %s |"
                        % (m["name"], m["kind"], cell(sig), cell(lacks_text), ex))
        all_match += s_match
        all_compared += s_compared
        rate = "%d/%d (%.0f%%)" % (s_match, s_compared, 100.0 * s_match / s_compared) \
            if s_compared else "—"
        summary.append("| [`%s`](#%s) | %d | %d | %s |" % (
            prefix, prefix.replace(".", "").lower(), len(section["members"]), n_impl, rate))
        sections.append("\n".join([
            "## %s" % prefix, "",
            "| name | kind | ndplay | ndplay's parameters | NumPy parameters ndplay lacks "
            "| docstring examples matching |",
            "|---|---|---|---|---|---|",
        ] + rows))

    lines = [
        "# NumPy coverage",
        "",
        "<!-- Generated by scripts/gen_coverage.py; do not edit. Regenerate with:",
        "     target/debug/ndplay run scripts/gen_coverage.py -->",
        "",
        "Every public callable of NumPy %s (`numpy`, `numpy.linalg`, `numpy.random`, "
        "and the methods of `numpy.random.Generator`, `numpy.ndarray` and `numpy.ufunc`) "
        "and what ndplay does "
        "with it. Generated from the code by `scripts/gen_coverage.py`; a test "
        "(`crates/ndplay-console/tests/coverage_page.rs`) fails when this page is stale."
        % api["numpy_version"],
        "",
        "- **ndplay's parameters** are the signature ndplay's function declares. A "
        "declared parameter ndplay does not implement raises `NotImplementedError` for a "
        "non-default value (it never silently ignores one); a name ndplay lacks raises "
        "`AttributeError: ndplay does not implement numpy.X yet`.",
        "- **NumPy parameters ndplay lacks**: in NumPy's signature, not in ndplay's "
        "(positional-only ones matched by position). `?` where it cannot be told from "
        "the signatures: no introspectable signature, or ndplay's takes `**kwargs` and "
        "checks them when called (a ufunc accepts NumPy's keywords at their defaults "
        "only, and `out`, by keyword or after the inputs).",
        "- A docstring shared by several names (aliases) counts once in the totals.",
        "- **Docstring examples matching**: NumPy's own examples for that docstring, run "
        "under ndplay's console and compared with NumPy's output by doctest's rules "
        "(`crates/ndplay-console/tests/docexamples.rs`). Examples printing random "
        "numbers without a seed, uninitialised memory or needing other libraries are "
        "skipped; the differences are listed in "
        "`crates/ndplay-console/tests/docexamples/known_mismatches.tsv`.",
        "",
        "| section | NumPy callables | implemented by ndplay | docstring examples matching |",
        "|---|---|---|---|",
    ] + summary + [
        "| all | %d | %d | %d/%d (%.0f%%) |" % (
            sum(len(s["members"]) for s in api["sections"]),
            sum(1 for s in api["sections"] for m in s["members"]
                if s["prefix"] + "." + m["name"] in ours),
            all_match, all_compared,
            100.0 * all_match / all_compared if all_compared else 0.0),
        "",
    ]
    extra = sorted(q for q in ours if not any(
        q == s["prefix"] + "." + m["name"] for s in api["sections"] for m in s["members"]))
    body = "\n".join(lines) + "\n" + "\n\n".join(sections) + "\n"
    if extra:
        body += "\n## ndplay names NumPy %s does not have\n\n%s\n" % (
            api["numpy_version"], ", ".join("`%s`" % q for q in extra))
    return body


base = root()
text = render(base)
if globals().get("_COVERAGE_CHECK"):
    print(text, end="")
else:
    with open(os.path.join(base, PAGE), "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote " + PAGE)
