//! Sorting and searching: `sort`, `argsort`, `unique`, `searchsorted`. NaN sorts last, as in NumPy;
//! `argsort` is stable, so ties keep their original order (NumPy's `kind='stable'`).
//!
//! ```
//! use ndplay_core::Array;
//! let a = Array::from_f64s(&[3.0, f64::NAN, 1.0, 2.0]);
//! assert_eq!(a.argsort(Some(-1)).unwrap().to_vec::<i64>(), vec![2, 3, 0, 1]);
//! let u = Array::from_vec(vec![3i64, 1, 3, 2, 1], &[5]).unwrap().unique().unwrap();
//! assert_eq!(u.to_vec::<i64>(), vec![1, 2, 3]);
//! ```

use std::cmp::Ordering;

use crate::array::{Array, Order};
use crate::dtype::DType;
use crate::element::Num;
use crate::error::{Error, Result};
use crate::scalar::Scalar;
use crate::shape::normalize_axis;
use crate::with_numeric;

fn total_cmp<T: Num>(a: T, b: T) -> Ordering {
    match (T::is_nan(a), T::is_nan(b)) {
        (true, true) => Ordering::Equal,
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => {
            if <T as Num>::less(a, b) {
                Ordering::Less
            } else if <T as Num>::less(b, a) {
                Ordering::Greater
            } else {
                Ordering::Equal
            }
        }
    }
}

impl Array {
    /// Lanes along `axis` as C-contiguous rows: (moved array, lane length).
    fn lanes(&self, axis: Option<isize>) -> Result<(Array, usize, usize)> {
        let (x, ax) = match axis {
            None => (self.reshape(&[-1])?, 0usize),
            Some(a) => {
                if self.ndim() == 0 {
                    (self.reshape(&[1])?, 0)
                } else {
                    (self.clone(), normalize_axis("sort", a, self.ndim())?)
                }
            }
        };
        let moved = x.moveaxis(&[ax as isize], &[-1])?.copy(Order::C)?;
        let n = moved.shape().last().copied().unwrap_or(1);
        Ok((moved, ax, n))
    }

    /// `np.sort(a, axis=-1)` (a copy). `axis=None` sorts the flattened array.
    pub fn sort(&self, axis: Option<isize>) -> Result<Array> {
        if self.dtype().is_opaque() {
            return Err(Error::records_not_implemented("sort", self.dtype()));
        }
        let (moved, ax, n) = self.lanes(axis)?;
        let sorted = if let DType::Str(_) = moved.dtype() {
            let mut s = moved.to_strings();
            s.chunks_mut(n.max(1)).for_each(|c| c.sort());
            let refs: Vec<&str> = s.iter().map(String::as_str).collect();
            let mut a = Array::from_strings(&refs, moved.shape())?;
            if a.dtype() != moved.dtype() {
                a = a.astype(moved.dtype(), crate::Casting::Unsafe)?;
            }
            a
        } else {
            with_numeric!(moved.dtype(), T => {
                let mut v = moved.to_vec::<T>();
                v.chunks_mut(n.max(1)).for_each(|c| c.sort_by(|a, b| total_cmp(*a, *b)));
                Array::from_vec(v, moved.shape())?
            })
        };
        let back = sorted.moveaxis(&[-1], &[ax as isize])?;
        Ok(if axis.is_none() {
            sorted
        } else {
            back.copy(Order::C)?
        })
    }

    /// `np.searchsorted(a, v, side)`: for each value of `v`, the index in this sorted 1-D
    /// array where inserting it keeps the order, before equal values (`right == false`,
    /// NumPy's `side='left'`) or after them. Both are compared in their common dtype,
    /// NaN as the largest value (where sorting puts it). A binary search per value.
    ///
    /// ```
    /// use ndplay_core::Array;
    /// let a = Array::from_f64s(&[1.0, 2.0, 2.0, 3.0]);
    /// let v = Array::from_f64s(&[2.0, 9.0, f64::NAN]);
    /// assert_eq!(a.searchsorted(&v, false).unwrap().to_vec::<i64>(), vec![1, 4, 4]);
    /// assert_eq!(a.searchsorted(&v, true).unwrap().to_vec::<i64>(), vec![3, 4, 4]);
    /// ```
    pub fn searchsorted(&self, v: &Array, right: bool) -> Result<Array> {
        if self.ndim() != 1 {
            return Err(Error::value(
                "object too deep for desired array",
                format!(
                    "np.searchsorted searches a 1-D sorted array; this one has shape {}",
                    crate::shape::fmt_shape(self.shape())
                ),
            ));
        }
        let dt = DType::try_promote(self.dtype(), v.dtype())
            .filter(|d| d.is_numeric())
            .ok_or_else(|| Error::NoLoop {
                op: "searchsorted".to_string(),
                dtypes: vec![self.dtype(), v.dtype()],
            })?;
        let hay = self.astype(dt, crate::Casting::Unsafe)?;
        let needles = v.astype(dt, crate::Casting::Unsafe)?;
        with_numeric!(dt, T => {
            let hay = hay.to_vec::<T>();
            let idx: Vec<i64> = needles
                .to_vec::<T>()
                .into_iter()
                .map(|x| {
                    hay.partition_point(|&h| match total_cmp(h, x) {
                        Ordering::Less => true,
                        Ordering::Equal => right,
                        Ordering::Greater => false,
                    }) as i64
                })
                .collect();
            Array::from_vec(idx, needles.shape())
        })
    }

    /// `np.argsort(a, axis=-1, kind='stable')`: int64 indices that sort each lane.
    pub fn argsort(&self, axis: Option<isize>) -> Result<Array> {
        if self.dtype().is_opaque() {
            return Err(Error::records_not_implemented("argsort", self.dtype()));
        }
        let (moved, ax, n) = self.lanes(axis)?;
        let mut idx: Vec<i64> = Vec::with_capacity(moved.size());
        if let DType::Str(_) = moved.dtype() {
            let s = moved.to_strings();
            for lane in s.chunks(n.max(1)) {
                let mut ix: Vec<usize> = (0..lane.len()).collect();
                ix.sort_by(|&a, &b| lane[a].cmp(&lane[b]));
                idx.extend(ix.into_iter().map(|i| i as i64));
            }
        } else {
            with_numeric!(moved.dtype(), T => {
                let v = moved.to_vec::<T>();
                for lane in v.chunks(n.max(1)) {
                    let mut ix: Vec<usize> = (0..lane.len()).collect();
                    ix.sort_by(|&a, &b| total_cmp(lane[a], lane[b]));
                    idx.extend(ix.into_iter().map(|i| i as i64));
                }
            });
        }
        let sorted = Array::from_vec(idx, moved.shape())?;
        if axis.is_none() {
            return Ok(sorted);
        }
        sorted.moveaxis(&[-1], &[ax as isize])?.copy(Order::C)
    }

    /// `np.unique(a)`: the sorted distinct values of the flattened array (NaNs collapse to
    /// one, as NumPy 2 does by default).
    pub fn unique(&self) -> Result<Array> {
        Ok(self.unique_counts()?.0)
    }

    /// `np.unique(a, return_counts=True)`.
    pub fn unique_counts(&self) -> Result<(Array, Array)> {
        let u = self.unique_all()?;
        Ok((u.values, u.counts))
    }
}

/// What `np.unique` can return besides the values: see [`Array::unique_all`].
pub struct UniqueAll {
    /// The sorted distinct values.
    pub values: Array,
    /// For each value, the flat position of its first occurrence (`return_index`).
    pub first_index: Array,
    /// For each element of the input, the position of its value in `values`, in the
    /// input's shape (`return_inverse`).
    pub inverse: Array,
    /// How often each value occurs (`return_counts`).
    pub counts: Array,
}

impl Array {
    /// `np.unique(a, return_index=True, return_inverse=True, return_counts=True)`: a
    /// stable sort of the flattened array, so the first occurrence of a value is the
    /// first of its run (NaNs collapse to one value, as NumPy 2 does by default).
    ///
    /// # Errors
    /// `MemoryError` when the sort's buffers do not fit.
    pub fn unique_all(&self) -> Result<UniqueAll> {
        let flat = self.ravel(Order::C)?;
        let order = flat.argsort(Some(-1))?.to_vec::<i64>();
        let vals = flat.to_scalars();
        let mut keep: Vec<Scalar> = Vec::new();
        let mut first: Vec<i64> = Vec::new();
        let mut counts: Vec<i64> = Vec::new();
        let mut inverse = vec![0i64; vals.len()];
        for &pos in &order {
            let v = &vals[pos as usize];
            let same = match keep.last() {
                Some(last) => last == v || (is_nan_scalar(last) && is_nan_scalar(v)),
                None => false,
            };
            if !same {
                keep.push(v.clone());
                first.push(pos);
                counts.push(0);
            }
            *counts.last_mut().expect("a group was just opened") += 1;
            inverse[pos as usize] = keep.len() as i64 - 1;
        }
        let n = keep.len();
        let values = Array::try_zeros(&[n], self.dtype())?;
        for (i, v) in keep.into_iter().enumerate() {
            values.set(&[i], v)?;
        }
        Ok(UniqueAll {
            values,
            first_index: Array::from_vec(first, &[n])?,
            inverse: Array::from_vec(inverse, self.shape())?,
            counts: Array::from_vec(counts, &[n])?,
        })
    }
}

fn is_nan_scalar(s: &Scalar) -> bool {
    match s {
        Scalar::Str(_) => false,
        other => {
            let w = other.to_wide();
            match w {
                crate::element::Wide::F(f) => f.is_nan(),
                crate::element::Wide::C(c) => c.re.is_nan() || c.im.is_nan(),
                _ => false,
            }
        }
    }
}
