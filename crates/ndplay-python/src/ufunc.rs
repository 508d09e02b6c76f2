//! NumPy's ufunc objects (`np.add`, `np.sqrt`...), one per row of the engine's ufunc
//! tables ([`BinaryOp::ALL`], [`UnaryOp::ALL`]): adding a ufunc to the engine adds it
//! here with no edit. Calls take NumPy's keyword arguments: `out=`, `dtype=` and
//! `where=` work; the others ndplay does not implement (`signature`, `casting`...)
//! raise `NotImplementedError` unless left at their defaults. The methods `reduce`,
//! `accumulate`, `reduceat`, `outer` and `at` work for every binary ufunc (`at` for the
//! unary ones too); the reductions fold in [`crate::fold`].
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let r = np.getattr("add")?.call1((1, 2))?;
//! assert_eq!(r.repr()?.to_string(), "np.int64(3)");
//! # Ok(()) }
//! ```

use ndplay_core::Array;
use ndplay_core::ufunc::{BinaryOp, UnaryOp};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{Opnd, operand};
use crate::errors::{OrRaise, unsupported_param};
use crate::ops;

#[derive(Clone, Copy)]
enum Op {
    Binary(BinaryOp),
    Unary(UnaryOp),
}

/// `numpy.ufunc`.
#[pyclass(name = "ufunc", module = "numpy", frozen)]
pub struct PyUfunc {
    op: Op,
}

impl PyUfunc {
    fn name(&self) -> &'static str {
        match self.op {
            Op::Binary(b) => b.name(),
            Op::Unary(u) => u.name(),
        }
    }

    /// A call with a `where=` mask: the loop runs on the selected elements only (so
    /// `np.divide(a, b, out=z, where=b != 0)` raises no division warning) and writes them
    /// into `out`; the other elements of `out` keep their values. Without `out`, NumPy
    /// leaves them uninitialised and warns; ndplay warns the same and fills them with 0.
    fn call_where(
        &self,
        py: Python<'_>,
        inputs: Vec<Opnd>,
        out: Option<&Bound<'_, PyAny>>,
        mask: &Array,
    ) -> PyResult<Py<PyAny>> {
        let name = self.name();
        // The loop is chosen from the inputs as given (weak Python scalars stay weak),
        // then each input is cast to it before the selection.
        let (in_dt, out_dt) = match self.op {
            Op::Binary(op) => {
                ndplay_core::ufunc::binary_loop_dtypes(op, &[inputs[0].get(), inputs[1].get()])
                    .py(py)?
            }
            Op::Unary(op) => {
                ndplay_core::ufunc::unary_loop_dtypes(op, inputs[0].get().dtype()).py(py)?
            }
        };
        let inputs = inputs
            .into_iter()
            .map(|o| o.into_array().astype(in_dt, ndplay_core::Casting::Unsafe))
            .collect::<ndplay_core::Result<Vec<Array>>>()
            .py(py)?;
        let target = match out {
            Some(o) => Some(
                o.cast::<crate::array::PyNdarray>()
                    .map_err(|_| PyTypeError::new_err("return arrays must be of ArrayType"))?
                    .borrow()
                    .a
                    .clone(),
            ),
            None => None,
        };
        let mut shapes: Vec<&[usize]> = inputs.iter().map(|a| a.shape()).collect();
        if let Some(t) = &target {
            shapes.push(t.shape());
        }
        shapes.push(mask.shape());
        let shape = ndplay_core::shape::broadcast_shapes(name, &shapes).py(py)?;
        let target = match target {
            Some(t) => {
                if t.shape() != shape.as_slice() {
                    return Err(PyValueError::new_err(format!(
                        "non-broadcastable output operand with shape {} doesn't match the \
                         broadcast shape {}",
                        ndplay_core::shape::fmt_shape_compact(t.shape()),
                        ndplay_core::shape::fmt_shape_compact(&shape)
                    )));
                }
                if !out_dt.can_cast_to(t.dtype(), ndplay_core::Casting::SameKind) {
                    return Err(ndplay_core::Error::Cast {
                        op: name.into(),
                        from: out_dt,
                        to: t.dtype(),
                        casting: ndplay_core::Casting::SameKind,
                    })
                    .py(py);
                }
                t
            }
            None => {
                let warnings = py.import("warnings")?;
                warnings.call_method1(
                    "warn",
                    (
                        "'where' used without 'out', expect unitialized memory in output. If \
                         this is intentional, use out=None.",
                        py.get_type::<pyo3::exceptions::PyUserWarning>(),
                    ),
                )?;
                Array::try_zeros(&shape, out_dt).py(py)?
            }
        };
        let mask = mask.broadcast_to(&shape).py(py)?;
        let pick = |a: &Array| {
            a.broadcast_to(&shape)?
                .index(&[ndplay_core::IndexItem::Array(mask.clone())])
        };
        let picked = inputs
            .iter()
            .map(pick)
            .collect::<ndplay_core::Result<Vec<Array>>>()
            .py(py)?;
        crate::fperr::reset();
        let r = match self.op {
            Op::Binary(op) => {
                ndplay_core::ufunc::binary(op, (&picked[0]).into(), (&picked[1]).into())
            }
            Op::Unary(op) => ndplay_core::ufunc::unary(op, &picked[0]),
        }
        .py(py)?;
        crate::fperr::check(py, name, false, Default::default())?;
        target
            .index_assign(&[ndplay_core::IndexItem::Array(mask)], &r)
            .py(py)?;
        match out {
            Some(o) => Ok(o.clone().unbind()),
            None => crate::convert::result(py, target),
        }
    }
}

/// Input `i` of ufunc `name` cast to `d` for `dtype=d`: refused with NumPy's
/// `UFuncTypeError` unless the cast is same_kind.
fn cast_input(
    py: Python<'_>,
    name: &str,
    nin: usize,
    i: usize,
    a: ndplay_core::Array,
    d: ndplay_core::DType,
) -> PyResult<ndplay_core::Array> {
    if !a.dtype().can_cast_to(d, ndplay_core::Casting::SameKind) {
        let which = if nin == 2 {
            format!("input {i} ")
        } else {
            "input ".into()
        };
        return Err(crate::errors::raise(
            py,
            "UFuncTypeError",
            format!(
                "Cannot cast ufunc '{name}' {which}from dtype('{}') to dtype('{}') with \
                 casting rule 'same_kind'",
                a.dtype().name(),
                d.name()
            ),
            "",
        ));
    }
    a.astype(d, ndplay_core::Casting::Unsafe).py(py)
}

/// Keyword arguments of a ufunc call, each refused unless at NumPy's default.
fn check_kwargs(name: &str, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
    let Some(k) = kwargs else { return Ok(()) };
    for (key, value) in k.iter() {
        let key: String = key.extract()?;
        let default = match key.as_str() {
            "out" | "signature" => value.is_none(),
            "where" | "subok" => {
                value.is_exact_instance_of::<pyo3::types::PyBool>() && value.is_truthy()?
            }
            "casting" => value.extract::<String>().is_ok_and(|c| c == "same_kind"),
            "order" => value.extract::<String>().is_ok_and(|c| c == "K"),
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "{name}() got an unexpected keyword argument '{key}'"
                )));
            }
        };
        if !default {
            return Err(unsupported_param(name, &key, "on ufunc calls"));
        }
    }
    Ok(())
}

#[pymethods]
impl PyUfunc {
    #[pyo3(signature = (*args, **kwargs))]
    fn __call__(
        &self,
        py: Python<'_>,
        args: &Bound<'_, PyTuple>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let name = self.name();
        let nin = match self.op {
            Op::Binary(_) => 2,
            Op::Unary(_) => 1,
        };
        if args.len() < nin || args.len() > nin + 1 {
            return Err(PyTypeError::new_err(format!(
                "{name}() takes from {nin} to {} positional arguments but {} were given",
                nin + 1,
                args.len()
            )));
        }
        // `out` may come as the argument after the inputs, as in `np.sqrt(x, y)`.
        let positional_out = if args.len() > nin {
            Some(args.get_item(nin)?)
        } else {
            None
        };
        let keyword_out = kwargs.map(|k| k.get_item("out")).transpose()?.flatten();
        let keyword_dtype = kwargs.map(|k| k.get_item("dtype")).transpose()?.flatten();
        let keyword_where = kwargs.map(|k| k.get_item("where")).transpose()?.flatten();
        let rest = kwargs.map(|k| k.copy()).transpose()?;
        if let Some(r) = &rest {
            for (key, given) in [
                ("out", &keyword_out),
                ("dtype", &keyword_dtype),
                ("where", &keyword_where),
            ] {
                if given.is_some() {
                    r.del_item(key)?;
                }
            }
        }
        check_kwargs(name, rest.as_ref())?;
        let dtype = crate::convert::dtype_arg(keyword_dtype.as_ref())?;
        let out = match (positional_out, keyword_out) {
            (Some(_), Some(_)) => {
                return Err(PyTypeError::new_err(
                    "cannot specify 'out' as both a positional and keyword argument",
                ));
            }
            (Some(o), None) | (None, Some(o)) if !o.is_none() => Some(match o.cast::<PyTuple>() {
                Ok(t) if t.len() == 1 => t.get_item(0)?,
                _ => o,
            }),
            _ => None,
        };
        let mask = keyword_where.filter(|w| !is_true(w));
        if let (Op::Unary(op), None, None, None) = (self.op, dtype, &out, &mask) {
            // The common call, `np.sqrt(x)`: straight to the operator path (and its fast
            // path for an np.float64).
            return ops::unary(py, op, &args.get_item(0)?);
        }
        // The inputs, each converted once; with `dtype=d`, cast to d (same_kind), and d
        // must be the loop's output dtype.
        let mut inputs = Vec::with_capacity(nin);
        for i in 0..nin {
            let o = operand(&args.get_item(i)?)?;
            inputs.push(match dtype {
                None => o,
                Some(d) => Opnd::A(cast_input(py, name, nin, i, o.into_array(), d)?),
            });
        }
        if let Some(d) = dtype {
            let out_dt = match self.op {
                Op::Binary(op) => {
                    ndplay_core::ufunc::binary_loop_dtypes(op, &[inputs[0].get(), inputs[1].get()])
                        .py(py)?
                        .1
                }
                Op::Unary(op) => ndplay_core::ufunc::unary_loop_dtypes(op, d).py(py)?.1,
            };
            if out_dt != d {
                return Err(PyTypeError::new_err(format!(
                    "No loop matching the specified signature and casting was found for ufunc {name}"
                )));
            }
        }
        if let Some(w) = mask {
            return self.call_where(py, inputs, out.as_ref(), &where_mask(&w)?);
        }
        let mut inputs = inputs.into_iter();
        let mut next = || {
            inputs
                .next()
                .ok_or_else(|| PyTypeError::new_err("missing input"))
        };
        if let Some(out) = &out {
            // `np.add(a, b, out=c)`, `np.sqrt(x, y)`: written into the target with
            // NumPy's same_kind rule.
            let target = out
                .cast::<crate::array::PyNdarray>()
                .map_err(|_| PyTypeError::new_err("return arrays must be of ArrayType"))?
                .borrow()
                .a
                .clone();
            crate::fperr::reset();
            match self.op {
                Op::Binary(op) => {
                    let (a, b) = (next()?, next()?);
                    ndplay_core::ufunc::binary_into(op, &target, a.get(), b.get()).py(py)?;
                }
                Op::Unary(op) => {
                    ndplay_core::ufunc::unary_into(op, &target, &next()?.into_array()).py(py)?;
                }
            }
            crate::fperr::check(py, name, false, Default::default())?;
            return Ok(out.clone().unbind());
        }
        match self.op {
            Op::Binary(op) => ops::apply_binary(py, op, next()?, next()?),
            Op::Unary(op) => {
                let x = crate::convert::wrap(py, next()?.into_array())?;
                ops::unary(py, op, x.bind(py))
            }
        }
    }

    #[getter]
    fn __name__(&self) -> &'static str {
        self.name()
    }

    #[getter]
    fn nin(&self) -> usize {
        match self.op {
            Op::Binary(_) => 2,
            Op::Unary(_) => 1,
        }
    }

    #[getter]
    fn nout(&self) -> usize {
        1
    }

    fn __repr__(&self) -> String {
        format!("<ufunc '{}'>", self.name())
    }

    /// A ufunc attribute ndplay lacks (`resolve_dtypes`, `signature`...) fails loudly.
    fn __getattr__(&self, name: &str) -> PyResult<Py<PyAny>> {
        Err(pyo3::exceptions::PyAttributeError::new_err(format!(
            "ndplay does not implement numpy.ufunc.{name} yet ('numpy.ufunc' object has no \
             attribute '{name}')"
        )))
    }

    /// `ufunc.identity`: what a reduction over nothing gives (`None` when there is no
    /// such value, as for `subtract` or `maximum`).
    #[getter]
    fn identity(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let Op::Binary(op) = self.op else {
            return Ok(py.None());
        };
        Ok(match crate::fold::identity(op) {
            None => py.None(),
            Some(ndplay_core::Scalar::Bool(b)) => {
                b.into_pyobject(py)?.to_owned().into_any().unbind()
            }
            Some(ndplay_core::Scalar::Int64(i)) => i.into_pyobject(py)?.into_any().unbind(),
            Some(s) => s.as_f64().into_pyobject(py)?.into_any().unbind(),
        })
    }

    /// `ufunc.reduce(array, axis=0, dtype=None, out=None, keepdims=False, initial=<no value>, where=True)`.
    /// `add`, `multiply`, `maximum`, `minimum`, `logical_and` and `logical_or` are the
    /// engine's reductions (`np.sum`...); every other binary ufunc folds along the axis in
    /// NumPy's order ([`crate::fold`]).
    #[pyo3(signature = (array, axis = UfuncAxis::Zero, dtype = None, out = None, keepdims = false, initial = None, r#where = None),
           text_signature = "(array, axis=0, dtype=None, out=None, keepdims=False, initial=None, where=True)")]
    #[allow(clippy::too_many_arguments)]
    fn reduce(
        &self,
        py: Python<'_>,
        array: &Bound<'_, PyAny>,
        axis: UfuncAxis,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let Op::Binary(op) = self.op else {
            return Err(PyValueError::new_err(
                "reduce only supported for binary functions",
            ));
        };
        let axis = axis.object(py)?;
        let mask = r#where.filter(|w| !is_true(w));
        // The engine's reductions take these arguments as np.sum does; max/min with a
        // dtype and all/any with initial or dtype fold instead (np.max has no dtype=).
        let dtype_given = dtype.is_some_and(|d| !d.is_none());
        if let Some(reduction) = crate::fold::engine_reduction(op)
            && (!dtype_given || matches!(reduction, "sum" | "prod"))
            && !(matches!(reduction, "all" | "any") && initial.is_some())
        {
            // np.sum(array, axis, dtype, out, keepdims, initial, where): the same call.
            let np = crate::numpy_module(py)?;
            let kwargs = PyDict::new(py);
            kwargs.set_item("axis", &axis)?;
            kwargs.set_item("out", out)?;
            kwargs.set_item("keepdims", keepdims)?;
            if dtype_given {
                kwargs.set_item("dtype", dtype)?;
            }
            if let Some(i) = initial {
                kwargs.set_item("initial", i)?;
            }
            if let Some(w) = mask {
                kwargs.set_item("where", w)?;
            }
            return Ok(np
                .getattr(reduction)?
                .call((array,), Some(&kwargs))?
                .unbind());
        }
        let name = op.name();
        let a = crate::convert::to_array(array, None)?;
        let axes = match crate::convert::axes_arg(Some(&axis))? {
            None => (0..a.ndim()).collect::<Vec<_>>(),
            Some(ax) => ndplay_core::shape::normalize_axes(name, &ax, a.ndim()).py(py)?,
        };
        let fold_dt =
            crate::fold::fold_dtype(py, op, a.dtype(), crate::convert::dtype_arg(dtype)?)?;
        if axes.len() > 1 && !crate::fold::reorderable(op) {
            return Err(PyValueError::new_err(format!(
                "reduction operation '{name}' is not reorderable, so at most one axis may be \
                 specified"
            )));
        }
        let x = a.astype(fold_dt, ndplay_core::Casting::Unsafe).py(py)?;
        let (merged, rest) = crate::fold::merge_axes(py, &x, &axes)?;
        let mask = match mask {
            None => None,
            Some(w) => {
                let m = where_mask(w)?.broadcast_to(a.shape()).py(py)?;
                Some(crate::fold::merge_axes(py, &m, &axes)?.0)
            }
        };
        let empty = merged.shape()[0] == 0 && rest.iter().product::<usize>() > 0;
        let needed = if mask.is_some() {
            Some("where")
        } else if empty {
            Some("empty")
        } else {
            None
        };
        let start = crate::fold::start_value(py, op, initial, fold_dt, &rest, needed)?;
        let folded = if merged.shape()[0] == 0 && start.is_none() {
            Array::try_zeros(&rest, fold_dt).py(py)?
        } else {
            crate::fperr::reset();
            let r = crate::fold::fold_first_axis(py, op, &merged, start, mask.as_ref())?;
            crate::fperr::check(py, "reduce", false, Default::default())?;
            r
        };
        let folded = if keepdims {
            let shape: Vec<isize> = (0..a.ndim())
                .map(|d| {
                    if axes.contains(&d) {
                        1
                    } else {
                        a.shape()[d] as isize
                    }
                })
                .collect();
            folded.reshape(&shape).py(py)?
        } else {
            folded
        };
        write_or_return(py, &format!("{name}.reduce"), out, folded)
    }

    /// `ufunc.accumulate(array, axis=0, dtype=None, out=None)`: the running fold along
    /// one axis (`add` and `multiply` are `cumsum` and `cumprod`).
    #[pyo3(signature = (array, axis = UfuncAxis::Zero, dtype = None, out = None),
           text_signature = "(array, axis=0, dtype=None, out=None)")]
    fn accumulate(
        &self,
        py: Python<'_>,
        array: &Bound<'_, PyAny>,
        axis: UfuncAxis,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let Op::Binary(op) = self.op else {
            return Err(PyValueError::new_err(
                "accumulate only supported for binary functions",
            ));
        };
        let name = format!("{}.accumulate", op.name());
        let a = crate::convert::to_array(array, None)?;
        let axis = match crate::convert::axes_arg(Some(&axis.object(py)?))? {
            Some(ax) if ax.len() == 1 => ax[0],
            None if a.ndim() == 1 => 0,
            _ => {
                return Err(PyValueError::new_err(
                    "accumulate does not allow multiple axes",
                ));
            }
        };
        let ax = ndplay_core::shape::normalize_axis(&name, axis, a.ndim()).py(py)?;
        let axis_obj = (ax as isize).into_pyobject(py)?.into_any();
        let r = match op {
            // NumPy 2 widens small integers and bools here exactly as cumsum/cumprod do
            // (they are these accumulations).
            BinaryOp::Add => crate::convert::to_array(
                crate::array::cumsum(py, &a, Some(&axis_obj), dtype)?.bind(py),
                None,
            )?,
            BinaryOp::Multiply => crate::convert::to_array(
                crate::array::cumprod(py, &a, Some(&axis_obj), dtype)?.bind(py),
                None,
            )?,
            _ => {
                let fold_dt =
                    crate::fold::fold_dtype(py, op, a.dtype(), crate::convert::dtype_arg(dtype)?)?;
                let x = a
                    .astype(fold_dt, ndplay_core::Casting::Unsafe)
                    .py(py)?
                    .moveaxis(&[ax as isize], &[0])
                    .py(py)?;
                crate::fperr::reset();
                let r = crate::fold::accumulate_first_axis(py, op, &x)?;
                crate::fperr::check(py, "accumulate", false, Default::default())?;
                r.moveaxis(&[0], &[ax as isize]).py(py)?
            }
        };
        write_or_return(py, &name, out, r)
    }

    /// `ufunc.reduceat(array, indices, axis=0, dtype=None, out=None)`: the fold of each
    /// slice `indices[i]:indices[i+1]` along `axis` (just row `indices[i]` when the next
    /// index is not larger; the last slice runs to the end).
    #[pyo3(signature = (array, indices, axis = 0, dtype = None, out = None))]
    fn reduceat(
        &self,
        py: Python<'_>,
        array: &Bound<'_, PyAny>,
        indices: &Bound<'_, PyAny>,
        axis: isize,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let Op::Binary(op) = self.op else {
            return Err(PyValueError::new_err(
                "reduceat only supported for binary functions",
            ));
        };
        let name = format!("{}.reduceat", op.name());
        let a = crate::convert::to_array(array, None)?;
        let idx = crate::convert::to_array(indices, None)?;
        if idx.ndim() > 1 {
            return Err(PyValueError::new_err(
                "setting an array element with a sequence. The requested array would exceed \
                 the maximum number of dimension of 1.",
            ));
        }
        if idx.size() > 0 && !idx.dtype().is_integer() {
            return Err(PyTypeError::new_err(format!(
                "Cannot cast array data from dtype('{}') to dtype('int64') according to the \
                 rule 'safe'",
                idx.dtype().name()
            )));
        }
        let idx: Vec<i64> = idx
            .astype(ndplay_core::DType::Int64, ndplay_core::Casting::Unsafe)
            .py(py)?
            .to_vec();
        let ax = ndplay_core::shape::normalize_axis(&name, axis, a.ndim()).py(py)?;
        let x = a.moveaxis(&[ax as isize], &[0]).py(py)?;
        let n = x.shape()[0];
        if let Some(bad) = idx.iter().find(|&&i| i < 0 || i as usize >= n) {
            return Err(pyo3::exceptions::PyIndexError::new_err(format!(
                "index {bad} out-of-bounds in {name} [0, {n})"
            )));
        }
        let dtype = crate::convert::dtype_arg(dtype)?;
        crate::fperr::reset();
        let mut pieces = Vec::with_capacity(idx.len());
        for (k, &start) in idx.iter().enumerate() {
            let start = start as usize;
            let stop = idx.get(k + 1).map_or(n, |&s| s as usize).max(start + 1);
            let segment = crate::fold::rows(py, &x, start, stop)?;
            pieces.push(reduce_first_axis(py, op, &segment, dtype)?);
        }
        crate::fperr::check(py, "reduceat", false, Default::default())?;
        let stacked = if pieces.is_empty() {
            let rest = &x.shape()[1..];
            let dt = if n == 0 {
                a.dtype()
            } else {
                reduce_first_axis(py, op, &crate::fold::rows(py, &x, 0, 1)?, dtype)?.dtype()
            };
            let mut shape = vec![0];
            shape.extend_from_slice(rest);
            Array::try_zeros(&shape, dt).py(py)?
        } else {
            let refs: Vec<&Array> = pieces.iter().collect();
            ndplay_core::stack(&refs, 0).py(py)?
        };
        let r = stacked.moveaxis(&[0], &[ax as isize]).py(py)?;
        write_or_return(py, &name, out, r)
    }

    /// `ufunc.outer(A, B, /, **kwargs)`: `op(a[i, j, ...], b[k, l, ...])` over every pair,
    /// the result of shape `A.shape + B.shape`.
    #[pyo3(signature = (a, b, /, **kwargs))]
    fn outer(
        &self,
        py: Python<'_>,
        a: &Bound<'_, PyAny>,
        b: &Bound<'_, PyAny>,
        kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Py<PyAny>> {
        let name = format!("{}.outer", self.name());
        check_kwargs(&name, kwargs)?;
        let Op::Binary(op) = self.op else {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "outer product only supported for binary functions",
            ));
        };
        let x = crate::convert::to_array(a, None)?;
        let y = crate::convert::to_array(b, None)?;
        let mut shape: Vec<isize> = x.shape().iter().map(|&n| n as isize).collect();
        shape.extend(std::iter::repeat_n(1, y.ndim()));
        let x = x.reshape(&shape).py(py)?;
        // An outer product is what the learner asked for: no outer-broadcast warning.
        let r = crate::diagnostics::quietly(|| {
            ndplay_core::ufunc::binary(op, (&x).into(), (&y).into())
        })
        .py(py)?;
        crate::convert::result(py, r)
    }

    /// `ufunc.at(a, indices, b=None, /)`: `a[indices] = op(a[indices], b)` unbuffered, so
    /// an index given twice is applied twice (`np.add.at(a, [0, 0], 1)` adds 2), each
    /// step cast back to `a`'s dtype.
    #[pyo3(signature = (a, indices, b = None, /))]
    fn at(
        slf: &Bound<'_, Self>,
        a: &Bound<'_, PyAny>,
        indices: &Bound<'_, PyAny>,
        b: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<()> {
        let py = slf.py();
        crate::numpy_module(py)?
            .getattr("_ufunc_at")?
            .call1((slf, a, indices, b))?;
        Ok(())
    }
}

/// `axis=` of `reduce` and `accumulate`, whose default, 0, differs from an explicit
/// `None` (every axis).
pub enum UfuncAxis {
    /// Not given.
    Zero,
    /// Given, `None` included.
    Given(Py<PyAny>),
}

impl UfuncAxis {
    fn object<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            UfuncAxis::Zero => 0_i64.into_pyobject(py)?.into_any(),
            UfuncAxis::Given(o) => o.bind(py).clone(),
        })
    }
}

impl<'a, 'py> FromPyObject<'a, 'py> for UfuncAxis {
    type Error = PyErr;
    fn extract(obj: pyo3::Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        Ok(UfuncAxis::Given(obj.to_owned().unbind()))
    }
}

/// Whether `w` is Python's `True` itself (`where=`'s default).
fn is_true(w: &Bound<'_, PyAny>) -> bool {
    w.is_exact_instance_of::<pyo3::types::PyBool>() && w.is_truthy().unwrap_or(false)
}

/// A `where=` mask: an ndarray must already be boolean (NumPy casts it under 'safe');
/// anything else is converted as `np.asarray(w, dtype=bool)`.
fn where_mask(w: &Bound<'_, PyAny>) -> PyResult<Array> {
    if let Ok(arr) = w.cast::<crate::array::PyNdarray>() {
        let m = arr.borrow().a.clone();
        if m.dtype() != ndplay_core::DType::Bool {
            return Err(PyTypeError::new_err(format!(
                "Cannot cast array data from dtype('{}') to dtype('bool') according to the \
                 rule 'safe'",
                m.dtype().name()
            )));
        }
        return Ok(m);
    }
    crate::convert::to_array(w, Some(ndplay_core::DType::Bool))
}

/// The reduction of `x` along its axis 0 by `op`, as one segment of `reduceat`: the
/// engine's reduction when `op` has one, else the fold.
fn reduce_first_axis(
    py: Python<'_>,
    op: BinaryOp,
    x: &Array,
    dtype: Option<ndplay_core::DType>,
) -> PyResult<Array> {
    if let Some(reduction) = crate::fold::engine_reduction(op)
        && (dtype.is_none() || !matches!(reduction, "all" | "any"))
    {
        let axis = 0_i64.into_pyobject(py)?.into_any();
        let d = dtype
            .map(|dt| Bound::new(py, crate::dtype::PyDType { dt }))
            .transpose()?
            .map(|b| b.into_any());
        return crate::array::reduce_array(py, x, reduction, Some(&axis), d.as_ref(), false, 0.0);
    }
    let fold_dt = crate::fold::fold_dtype(py, op, x.dtype(), dtype)?;
    let x = x.astype(fold_dt, ndplay_core::Casting::Unsafe).py(py)?;
    crate::fold::fold_first_axis(py, op, &x, None, None)
}

/// A method's result: written into `out` (NumPy's reduction rule for the cast) and `out`
/// returned, or returned itself (a 0-d result as a scalar).
fn write_or_return(
    py: Python<'_>,
    name: &str,
    out: Option<&Bound<'_, PyAny>>,
    r: Array,
) -> PyResult<Py<PyAny>> {
    crate::array::with_out(
        py,
        name,
        out,
        None,
        crate::array::OutRule::Reduction,
        |_| crate::convert::result(py, r.clone()),
    )
}

/// Adds every engine ufunc to `m`, under its name and each alias its table row gives
/// (`true_divide`, `mod`, `abs`, `pow`, `atan2`, ...): an alias is the same ufunc object,
/// as in NumPy (`np.abs is np.absolute`).
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyUfunc>()?;
    let py = m.py();
    for op in BinaryOp::ALL {
        let ufunc = Py::new(py, PyUfunc { op: Op::Binary(op) })?;
        for alias in op.def().aliases {
            m.add(*alias, ufunc.clone_ref(py))?;
        }
        m.add(op.name(), ufunc)?;
    }
    for op in UnaryOp::ALL {
        let ufunc = Py::new(py, PyUfunc { op: Op::Unary(op) })?;
        for alias in op.def().aliases {
            m.add(*alias, ufunc.clone_ref(py))?;
        }
        m.add(op.name(), ufunc)?;
    }
    Ok(())
}
