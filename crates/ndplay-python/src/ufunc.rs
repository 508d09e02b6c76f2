//! NumPy's ufunc objects (`np.add`, `np.sqrt`...), one per row of the engine's ufunc
//! tables ([`BinaryOp::ALL`], [`UnaryOp::ALL`]): adding a ufunc to the engine adds it
//! here with no edit. Calls take NumPy's keyword arguments: `out=` and `dtype=` work;
//! the others ndplay does not implement (`where`, `signature`...) raise
//! `NotImplementedError`. Of the methods, `outer` works for every binary ufunc,
//! `reduce` for those with an engine reduction (`add`, `multiply`, `maximum`, `minimum`,
//! `logical_and`, `logical_or`) and `accumulate` for `add`; the rest raise.
//!
//! ```
//! # use pyo3::prelude::*;
//! # fn demo(py: Python<'_>) -> PyResult<()> {
//! let np = ndplay_python::numpy_module(py)?;
//! let r = np.getattr("add")?.call1((1, 2))?;
//! assert_eq!(r.repr()?.to_string(), "np.int64(3)");
//! # Ok(()) }
//! ```

use ndplay_core::ufunc::{BinaryOp, UnaryOp};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::convert::{Opnd, operand};
use crate::errors::{OrRaise, unsupported, unsupported_param};
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
        let rest = kwargs.map(|k| k.copy()).transpose()?;
        if let Some(r) = &rest {
            for (key, given) in [("out", &keyword_out), ("dtype", &keyword_dtype)] {
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
        if let (Op::Unary(op), None, None) = (self.op, dtype, &out) {
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

    /// `ufunc.reduce(array, axis=0, dtype=None, out=None, keepdims=False, initial=<no value>, where=True)`
    /// for the ufuncs with an engine reduction (`add` → sum, `multiply` → prod,
    /// `maximum`/`minimum` → max/min, `logical_and`/`logical_or` → all/any).
    #[pyo3(signature = (array, axis = Some(0), dtype = None, out = None, keepdims = false, initial = None, r#where = None))]
    fn reduce(
        &self,
        py: Python<'_>,
        array: &Bound<'_, PyAny>,
        axis: Option<isize>,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
        keepdims: bool,
        initial: Option<&Bound<'_, PyAny>>,
        r#where: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let name = format!("{}.reduce", self.name());
        if out.is_some_and(|o| !o.is_none()) {
            return Err(unsupported_param(&name, "out", ""));
        }
        if initial.is_some() {
            return Err(unsupported_param(&name, "initial", ""));
        }
        if r#where.is_some_and(|w| {
            !(w.is_exact_instance_of::<pyo3::types::PyBool>() && w.is_truthy().unwrap_or(false))
        }) {
            return Err(unsupported_param(&name, "where", ""));
        }
        let reduction = match self.op {
            Op::Binary(BinaryOp::Add) => "sum",
            Op::Binary(BinaryOp::Multiply) => "prod",
            Op::Binary(BinaryOp::Maximum) => "max",
            Op::Binary(BinaryOp::Minimum) => "min",
            Op::Binary(BinaryOp::LogicalAnd) => "all",
            Op::Binary(BinaryOp::LogicalOr) => "any",
            Op::Binary(_) => return Err(unsupported(format!("numpy.{name}"))),
            Op::Unary(_) => {
                return Err(pyo3::exceptions::PyValueError::new_err(
                    "reduce only supported for binary functions",
                ));
            }
        };
        let a = crate::convert::to_array(array, None)?;
        let axis_obj = axis
            .map(|a| a.into_pyobject(py))
            .transpose()?
            .map(|b| b.into_any());
        crate::array::reduce(py, &a, reduction, axis_obj.as_ref(), dtype, keepdims, 0.0)
    }

    /// `ufunc.accumulate(array, axis=0, dtype=None, out=None)` for `add` (a running sum)
    /// and `multiply` (a running product).
    #[pyo3(signature = (array, axis = 0, dtype = None, out = None))]
    fn accumulate(
        &self,
        py: Python<'_>,
        array: &Bound<'_, PyAny>,
        axis: isize,
        dtype: Option<&Bound<'_, PyAny>>,
        out: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Py<PyAny>> {
        let name = format!("{}.accumulate", self.name());
        if out.is_some_and(|o| !o.is_none()) {
            return Err(unsupported_param(&name, "out", ""));
        }
        let product = match self.op {
            Op::Binary(BinaryOp::Add) => false,
            Op::Binary(BinaryOp::Multiply) => true,
            _ => return Err(unsupported(format!("numpy.{name}"))),
        };
        let a = crate::convert::to_array(array, None)?;
        let axis_obj = axis.into_pyobject(py)?.into_any();
        // NumPy 2 widens small integers and bools here exactly as cumsum/cumprod do
        // (they are these accumulations).
        if product {
            crate::array::cumprod(py, &a, Some(&axis_obj), dtype)
        } else {
            crate::array::cumsum(py, &a, Some(&axis_obj), dtype)
        }
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

    #[pyo3(signature = (*_args, **_kwargs))]
    fn at(&self, _args: &Bound<'_, PyTuple>, _kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<()> {
        Err(unsupported(format!("numpy.{}.at", self.name())))
    }

    #[pyo3(signature = (*_args, **_kwargs))]
    fn reduceat(
        &self,
        _args: &Bound<'_, PyTuple>,
        _kwargs: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<()> {
        Err(unsupported(format!("numpy.{}.reduceat", self.name())))
    }
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
