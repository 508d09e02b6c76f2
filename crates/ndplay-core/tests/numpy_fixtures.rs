//! Replays `fixtures/engine_cases.json` (written by `gen_engine_fixtures.py` running real
//! NumPy) against the engine: value, dtype, shape, strides, flags, memory sharing, repr
//! and str of every result, or NumPy's exception type and message.

use std::collections::BTreeMap;

use ndplay_core::diagnostics::{Level, with_level};
use ndplay_core::ufunc::{BinaryOp, Operand, UnaryOp, binary, binary_into, unary};
use ndplay_core::{
    Array, Casting, DType, Error, IndexItem, Order, PyScalar, Scalar, SliceArg, SplitSpec,
    broadcast_arrays, concatenate, hstack, repeat, split, stack, tile, vstack, where_select,
};
use serde_json::Value;

fn dtype_of(name: &str) -> DType {
    DType::parse(name).unwrap_or_else(|| panic!("unknown dtype {name}"))
}

fn num(v: &Value) -> f64 {
    match v {
        Value::String(s) => s.parse().expect("nan/inf spelled as float"),
        Value::Number(n) => n.as_f64().expect("number"),
        Value::Bool(b) => *b as u8 as f64,
        other => panic!("not a number: {other}"),
    }
}

fn decode_array(spec: &Value) -> Array {
    let dtype = dtype_of(spec["dtype"].as_str().expect("dtype"));
    let shape: Vec<usize> = spec["shape"]
        .as_array()
        .expect("shape")
        .iter()
        .map(|d| d.as_u64().expect("dim") as usize)
        .collect();
    let values = spec["values"].as_array().expect("values");
    let out = Array::zeros(&shape, dtype);
    let flat = out.reshape(&[-1]).expect("contiguous");
    for (i, v) in values.iter().enumerate() {
        let s = decode_scalar(v, dtype);
        flat.set(&[i], s).expect("in bounds");
    }
    out
}

fn decode_scalar(v: &Value, dtype: DType) -> Scalar {
    match v {
        Value::Object(m) => Scalar::Str(m["s"].as_str().expect("string").to_string()),
        Value::Array(parts) => Scalar::from_wide(
            dtype,
            ndplay_core::element::Wide::C(num_complex::Complex::new(
                num(&parts[0]),
                num(&parts[1]),
            )),
        ),
        Value::Bool(b) => Scalar::from_wide(dtype, ndplay_core::element::Wide::Bool(*b)),
        Value::Number(n) if n.is_u64() => Scalar::from_wide(
            dtype,
            ndplay_core::element::Wide::U(n.as_u64().expect("u64")),
        ),
        Value::Number(n) if n.is_i64() => Scalar::from_wide(
            dtype,
            ndplay_core::element::Wide::I(n.as_i64().expect("i64")),
        ),
        other => Scalar::from_wide(dtype, ndplay_core::element::Wide::F(num(other))),
    }
}

fn py(v: &Value) -> Option<PyScalar> {
    let kind = v.get("kind")?.as_str()?;
    let x = &v["py"];
    Some(match kind {
        "int" => PyScalar::Int(x.as_i64().expect("int")),
        "float" => PyScalar::Float(num(x)),
        "bool" => PyScalar::Bool(x.as_bool().expect("bool")),
        "complex" => PyScalar::Complex(num(&x[0]), num(&x[1])),
        other => panic!("kind {other}"),
    })
}

fn operand<'a>(v: &Value, inputs: &'a [Array]) -> Operand<'a> {
    if let Some(i) = v.get("in") {
        Operand::Array(&inputs[i.as_u64().expect("index") as usize])
    } else {
        Operand::Py(py(v).expect("py operand"))
    }
}

fn opt_isize(v: &Value) -> Option<isize> {
    v.as_i64().map(|x| x as isize)
}

fn axes(v: &Value) -> Option<Vec<isize>> {
    match v {
        Value::Null => None,
        Value::Array(list) => Some(
            list.iter()
                .map(|x| x.as_i64().expect("axis") as isize)
                .collect(),
        ),
        other => Some(vec![other.as_i64().expect("axis") as isize]),
    }
}

fn ishape(v: &Value) -> Vec<isize> {
    match v {
        Value::Array(list) => list
            .iter()
            .map(|x| x.as_i64().expect("dim") as isize)
            .collect(),
        other => vec![other.as_i64().expect("dim") as isize],
    }
}

fn ushape(v: &Value) -> Vec<usize> {
    ishape(v).into_iter().map(|d| d as usize).collect()
}

fn order(v: &Value) -> Order {
    Order::parse(v.as_str().unwrap_or("C")).expect("order")
}

fn nested_i64(v: &Value, out: &mut Vec<i64>, shape: &mut Vec<usize>, depth: usize) {
    match v {
        Value::Array(items) => {
            if shape.len() == depth {
                shape.push(items.len());
            }
            items
                .iter()
                .for_each(|i| nested_i64(i, out, shape, depth + 1));
        }
        Value::Bool(b) => out.push(*b as i64),
        other => out.push(other.as_i64().expect("index")),
    }
}

fn index_items(v: &Value) -> Vec<IndexItem> {
    v.as_array()
        .expect("items")
        .iter()
        .map(|it| {
            if let Some(i) = it.get("i") {
                IndexItem::Int(i.as_i64().expect("int"))
            } else if let Some(s) = it.get("s") {
                let s = s.as_array().expect("slice");
                IndexItem::Slice(SliceArg::new(
                    opt_isize(&s[0]),
                    opt_isize(&s[1]),
                    opt_isize(&s[2]).unwrap_or(1),
                ))
            } else if it.get("new").is_some() {
                IndexItem::NewAxis
            } else if it.get("ell").is_some() {
                IndexItem::Ellipsis
            } else if let Some(a) = it.get("arr") {
                let (mut data, mut shape) = (Vec::new(), Vec::new());
                nested_i64(a, &mut data, &mut shape, 0);
                IndexItem::Array(Array::from_vec(data, &shape).expect("index array"))
            } else {
                let (mut data, mut shape) = (Vec::new(), Vec::new());
                nested_i64(&it["mask"], &mut data, &mut shape, 0);
                let b: Vec<bool> = data.into_iter().map(|x| x != 0).collect();
                IndexItem::Array(Array::from_vec(b, &shape).expect("mask"))
            }
        })
        .collect()
}

fn binop(name: &str) -> BinaryOp {
    BinaryOp::from_name(name).unwrap_or_else(|| panic!("binop {name}"))
}

fn unop(name: &str) -> UnaryOp {
    UnaryOp::from_name(name).unwrap_or_else(|| panic!("unop {name}"))
}

/// The result of a case: an array, or a NumPy scalar (which the engine holds as 0-D).
enum Outcome {
    Array(Array),
    Scalar(Array),
}

fn run(steps: &[Value], inputs: &[Array]) -> Result<Outcome, Error> {
    let mut x = inputs[0].clone();
    let mut scalar = false;
    for step in steps {
        let st = step.as_array().expect("step");
        let op = st[0].as_str().expect("op");
        let a = &st[1..];
        scalar = false;
        x = match op {
            "reshape" => {
                x.reshape_order(&ishape(&a[0]), a.get(1).map(order).unwrap_or(Order::C))?
            }
            "T" => x.t(),
            "transpose" => x.permute(&ishape(&a[0]))?,
            "swapaxes" => x.swapaxes(
                a[0].as_i64().unwrap() as isize,
                a[1].as_i64().unwrap() as isize,
            )?,
            "moveaxis" => x.moveaxis(&ishape(&a[0]), &ishape(&a[1]))?,
            "index" => {
                let items = index_items(&a[0]);
                scalar = ndplay_core::index::selects_scalar(&items, x.ndim());
                x.index(&items)?
            }
            "setindex" => {
                let value = match operand(&a[1], inputs) {
                    Operand::Array(arr) => arr.clone(),
                    Operand::Py(p) => Array::from_py(p),
                };
                x.index_assign(&index_items(&a[0]), &value)?;
                inputs[0].clone()
            }
            "ravel" => x.ravel(order(&a[0]))?,
            "flatten" => x.flatten(order(&a[0]))?,
            "copy" => x.copy(order(&a[0]))?,
            "astype" => {
                let casting = match a.get(1).and_then(Value::as_str).unwrap_or("unsafe") {
                    "safe" => Casting::Safe,
                    "same_kind" => Casting::SameKind,
                    _ => Casting::Unsafe,
                };
                x.astype(dtype_of(a[0].as_str().unwrap()), casting)?
            }
            "squeeze" => x.squeeze(axes(&a[0]).as_deref())?,
            "expand_dims" => x.expand_dims(&axes(&a[0]).unwrap())?,
            "broadcast_to" => x.broadcast_to(&ushape(&a[0]))?,
            "binary" => binary(
                binop(a[0].as_str().unwrap()),
                operand(&a[1], inputs),
                operand(&a[2], inputs),
            )?,
            "inplace" => {
                binary_into(
                    binop(a[0].as_str().unwrap()),
                    &x,
                    Operand::Array(&x),
                    operand(&a[1], inputs),
                )?;
                x
            }
            "unary" => unary(unop(a[0].as_str().unwrap()), &x)?,
            "reduce" => {
                let kind = a[0].as_str().unwrap();
                let ax = axes(&a[1]);
                let kd = a[2].as_bool().unwrap();
                let ax = ax.as_deref();
                let r = match kind {
                    "sum" => x.sum(ax, kd)?,
                    "prod" => x.prod(ax, kd)?,
                    "mean" => x.mean(ax, kd)?,
                    "min" => x.min(ax, kd)?,
                    "max" => x.max(ax, kd)?,
                    "any" => x.any(ax, kd)?,
                    "all" => x.all(ax, kd)?,
                    "var" => x.var(ax, a[3].as_f64().unwrap(), kd)?,
                    "std" => x.std(ax, a[3].as_f64().unwrap(), kd)?,
                    "count_nonzero" => x.count_nonzero(ax, kd)?,
                    other => panic!("reduce {other}"),
                };
                scalar = r.ndim() == 0;
                r
            }
            "argmax" | "argmin" => {
                let r = if op == "argmax" {
                    x.argmax(opt_isize(&a[0]))?
                } else {
                    x.argmin(opt_isize(&a[0]))?
                };
                scalar = r.ndim() == 0;
                r
            }
            "cumsum" => x.cumsum(opt_isize(&a[0]))?,
            "cumprod" => x.cumprod(opt_isize(&a[0]))?,
            "sort" => x.sort(opt_isize(&a[0]))?,
            "argsort" => x.argsort(opt_isize(&a[0]))?,
            "unique" => x.unique()?,
            "nonzero_k" => x.nonzero()?.swap_remove(a[0].as_u64().unwrap() as usize),
            "argwhere" => x.argwhere()?,
            "concatenate" | "stack" | "hstack" | "vstack" => {
                let arrs: Vec<&Array> = a[0]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| &inputs[v["in"].as_u64().unwrap() as usize])
                    .collect();
                match op {
                    "concatenate" => concatenate(&arrs, a[1].as_i64().unwrap() as isize)?,
                    "stack" => stack(&arrs, a[1].as_i64().unwrap() as isize)?,
                    "hstack" => hstack(&arrs)?,
                    _ => vstack(&arrs)?,
                }
            }
            "split_k" => {
                let spec = match &a[0] {
                    Value::Array(_) => SplitSpec::Indices(ishape(&a[0])),
                    v => SplitSpec::Sections(v.as_u64().unwrap() as usize),
                };
                split(&x, &spec, a[1].as_i64().unwrap() as isize)?
                    .swap_remove(a[2].as_u64().unwrap() as usize)
            }
            "repeat" => match a[0].as_array() {
                Some(counts) => {
                    let counts: Vec<usize> = counts
                        .iter()
                        .map(|c| c.as_u64().unwrap() as usize)
                        .collect();
                    ndplay_core::repeat_each(&x, &counts, opt_isize(&a[1]))?
                }
                None => repeat(&x, a[0].as_u64().unwrap() as usize, opt_isize(&a[1]))?,
            },
            "tile" => tile(&x, &ushape(&a[0]))?,
            "clip" => x.clip(Some(operand(&a[0], inputs)), Some(operand(&a[1], inputs)))?,
            "where" => where_select(&x, operand(&a[0], inputs), operand(&a[1], inputs))?,
            "isclose" => {
                let Operand::Array(o) = operand(&a[0], inputs) else {
                    panic!("array")
                };
                x.isclose(o, 1e-5, 1e-8)?
            }
            "round" => x.round(a[0].as_i64().unwrap() as i32)?,
            "item" => {
                scalar = true;
                let idx: Vec<IndexItem> = a[0]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| IndexItem::Int(i.as_i64().unwrap()))
                    .collect();
                x.index(&idx)?
            }
            "zeros_like" => Array::zeros_like(&x, None)?,
            "arange" => {
                let v: Vec<f64> = a[0].as_array().unwrap().iter().map(num).collect();
                let (start, stop, stepv) = match v.len() {
                    1 => (0.0, v[0], 1.0),
                    2 => (v[0], v[1], 1.0),
                    _ => (v[0], v[1], v[2]),
                };
                let all_int = a[0].as_array().unwrap().iter().all(|x| x.is_i64());
                let dt = a[1].as_str().map(dtype_of);
                let dt = dt.or(if all_int {
                    Some(DType::Int64)
                } else {
                    Some(DType::Float64)
                });
                Array::arange(start, stop, stepv, dt)?
            }
            "linspace" => Array::linspace(
                num(&a[0]),
                num(&a[1]),
                a[2].as_u64().unwrap() as usize,
                a[3].as_bool().unwrap(),
            )?,
            "eye" => Array::eye(
                a[0].as_u64().unwrap() as usize,
                a[1].as_u64().map(|m| m as usize),
                a[2].as_i64().unwrap() as isize,
                dtype_of(a[3].as_str().unwrap()),
            )
            .unwrap(),
            "full" => Array::full(
                &ushape(&a[0]),
                py(&a[1]).unwrap(),
                a[2].as_str().map(dtype_of),
            )?,
            "broadcast_k" => {
                let Operand::Array(o) = operand(&a[0], inputs) else {
                    panic!("array")
                };
                broadcast_arrays(&[&x, o])?.swap_remove(a[1].as_u64().unwrap() as usize)
            }
            other => panic!("unknown op {other}"),
        };
    }
    Ok(if scalar {
        Outcome::Scalar(x)
    } else {
        Outcome::Array(x)
    })
}

/// Compares values: integers, bools and strings exactly; floats within a per-dtype
/// tolerance relative to the array's scale (summation order may differ from NumPy's in
/// the last bits). Returns whether every value was bit-identical, since only then must
/// the printed text match too.
fn values_match(got: &Array, want: &[Value], dtype: DType) -> Result<bool, String> {
    let vals = got.to_scalars();
    if vals.len() != want.len() {
        return Err(format!("{} values, want {}", vals.len(), want.len()));
    }
    let tol = match dtype.real_dtype() {
        DType::Float16 => 1e-3,
        DType::Float32 => 1e-6,
        DType::Float64 => 1e-13,
        _ => 0.0,
    };
    let scale = want
        .iter()
        .map(|w| match w {
            Value::Array(p) => num(&p[0]).abs().max(num(&p[1]).abs()),
            Value::Number(_) | Value::String(_) => num(w).abs(),
            _ => 0.0,
        })
        .filter(|v| v.is_finite())
        .fold(0.0f64, f64::max);
    let mut exact = true;
    for (i, (g, w)) in vals.iter().zip(want).enumerate() {
        let mut cmp = |g: f64, w: f64| {
            let same = g.to_bits() == w.to_bits() || (g.is_nan() && w.is_nan());
            exact &= same;
            same || close(g, w, tol, scale)
        };
        let ok = match (g, w) {
            (Scalar::Str(s), Value::Object(m)) => m["s"].as_str() == Some(s.as_str()),
            (g, Value::Array(parts)) => {
                let ndplay_core::element::Wide::C(c) = g.to_wide() else {
                    return Err(format!("[{i}] not complex"));
                };
                cmp(c.re, num(&parts[0])) & cmp(c.im, num(&parts[1]))
            }
            (g, Value::Bool(b)) => g.is_truthy() == *b && matches!(g, Scalar::Bool(_)),
            (g, Value::Number(n)) if n.is_i64() || n.is_u64() => {
                if dtype.is_inexact() {
                    cmp(g.as_f64(), num(w))
                } else {
                    g.to_str() == n.to_string()
                }
            }
            (g, w) => cmp(g.as_f64(), num(w)),
        };
        if !ok {
            return Err(format!("value [{i}]: got {} want {w}", g.to_str()));
        }
    }
    Ok(exact)
}

fn close(g: f64, w: f64, tol: f64, scale: f64) -> bool {
    if w.is_nan() {
        return g.is_nan();
    }
    if w.is_infinite() || tol == 0.0 {
        return g == w;
    }
    (g - w).abs() <= tol * w.abs().max(scale).max(1e-300)
}

fn check(case: &Value, arrays: &[Value]) -> Result<(), String> {
    let inputs: Vec<Array> = case["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| decode_array(&arrays[i.as_u64().unwrap() as usize]))
        .collect();
    let expect = &case["expect"];
    let outcome = run(case["steps"].as_array().unwrap(), &inputs);
    if let Some(err) = expect.get("error") {
        return match outcome {
            Ok(_) => Err(format!("expected {}: {}", err["type"], err["message"])),
            Err(e) => {
                let (t, m) = (
                    err["type"].as_str().unwrap(),
                    err["message"].as_str().unwrap(),
                );
                if e.py_type() != t || e.numpy_message() != m {
                    Err(format!(
                        "error mismatch:\n  got  {}: {}\n  want {t}: {m}",
                        e.py_type(),
                        e.numpy_message()
                    ))
                } else {
                    Ok(())
                }
            }
        };
    }
    let outcome =
        outcome.map_err(|e| format!("unexpected error {}: {}", e.py_type(), e.numpy_message()))?;
    let want_dtype = dtype_of(expect["dtype"].as_str().unwrap());
    let want_values = expect["values"].as_array().unwrap();
    match outcome {
        Outcome::Scalar(a) => {
            if expect.get("scalar").is_none() {
                return Err("got a scalar, NumPy gives an array".into());
            }
            let s = a.item().map_err(|e| e.to_string())?;
            if s.dtype() != want_dtype {
                return Err(format!("dtype {} want {want_dtype}", s.dtype()));
            }
            let exact = values_match(&a, want_values, want_dtype)?;
            if !exact {
                return Ok(());
            }
            if s.repr() != expect["repr"].as_str().unwrap() {
                return Err(format!(
                    "scalar repr {:?} want {:?}",
                    s.repr(),
                    expect["repr"]
                ));
            }
            if s.to_str() != expect["str"].as_str().unwrap() {
                return Err(format!(
                    "scalar str {:?} want {:?}",
                    s.to_str(),
                    expect["str"]
                ));
            }
            Ok(())
        }
        Outcome::Array(a) => {
            if expect.get("scalar").is_some() {
                return Err(format!("got an array {}, NumPy gives a scalar", a.repr()));
            }
            if a.dtype() != want_dtype {
                return Err(format!("dtype {} want {want_dtype}", a.dtype()));
            }
            if a.shape() != ushape(&expect["shape"]).as_slice() {
                return Err(format!("shape {:?} want {}", a.shape(), expect["shape"]));
            }
            let exact = values_match(&a, want_values, want_dtype)?;
            let strides: Vec<isize> = ishape(&expect["strides"]);
            if a.strides() != strides.as_slice() {
                return Err(format!("strides {:?} want {strides:?}", a.strides()));
            }
            let f = a.flags();
            let flags = (f.c_contiguous, f.f_contiguous, f.owndata, f.writeable);
            let want = (
                expect["c"].as_bool().unwrap(),
                expect["f"].as_bool().unwrap(),
                expect["owndata"].as_bool().unwrap(),
                expect["writeable"].as_bool().unwrap(),
            );
            if flags != want {
                return Err(format!(
                    "flags (C, F, OWNDATA, WRITEABLE) {flags:?} want {want:?}"
                ));
            }
            let shares = a.shares_memory(&inputs[0]);
            if shares != expect["shares"].as_bool().unwrap() {
                return Err(format!("shares_memory {shares} want {}", expect["shares"]));
            }
            if exact && a.repr() != expect["repr"].as_str().unwrap() {
                return Err(format!(
                    "repr\n{}\nwant\n{}",
                    a.repr(),
                    expect["repr"].as_str().unwrap()
                ));
            }
            if exact && a.to_str() != expect["str"].as_str().unwrap() {
                return Err(format!(
                    "str\n{}\nwant\n{}",
                    a.to_str(),
                    expect["str"].as_str().unwrap()
                ));
            }
            Ok(())
        }
    }
}

#[test]
fn engine_matches_numpy_fixtures() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/engine_cases.json"
    ))
    .expect("fixtures");
    let doc: Value = serde_json::from_str(&text).expect("json");
    let arrays = doc["arrays"].as_array().unwrap();
    let cases = doc["cases"].as_array().unwrap();
    let mut failures: BTreeMap<String, String> = BTreeMap::new();
    // Every case runs twice: with diagnostics off (NumPy's silence) and on (`warn`), which
    // must report without changing any result.
    for (case, level) in cases
        .iter()
        .flat_map(|c| [(c, Level::Off), (c, Level::Warn)])
    {
        let id = format!("{} [{level:?}]", case["id"].as_str().unwrap());
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let (r, _) = with_level(level, || check(case, arrays));
            r
        }));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(msg)) => {
                failures.insert(id, msg);
            }
            Err(_) => {
                failures.insert(id, "panicked".into());
            }
        }
    }
    let mut by_group: BTreeMap<String, usize> = BTreeMap::new();
    for id in failures.keys() {
        *by_group
            .entry(id.split('/').next().unwrap().to_string())
            .or_default() += 1;
    }
    if let Ok(path) = std::env::var("NDPLAY_FIXTURE_DUMP") {
        let all: Vec<String> = failures
            .iter()
            .map(|(k, v)| format!("--- {k}\n{v}"))
            .collect();
        std::fs::write(path, all.join("\n")).expect("dump");
    }
    if !failures.is_empty() {
        let listing: Vec<String> = failures
            .iter()
            .take(60)
            .map(|(k, v)| format!("--- {k}\n{v}"))
            .collect();
        panic!(
            "{} of {} NumPy cases differ (by group: {by_group:?}):\n{}",
            failures.len(),
            2 * cases.len(),
            listing.join("\n")
        );
    }
    eprintln!("{} NumPy cases match", cases.len());
}
