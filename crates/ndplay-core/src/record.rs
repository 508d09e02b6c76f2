//! Structured dtypes: NumPy's records of named fields (`dtype([('x', '<f8'), ('y', '<i4')])`).
//!
//! A structured dtype is a list of fields, each a name, a dtype and a byte offset into the
//! record, plus the record's size. [`DType::Record`] carries only a small [`RecordId`], so
//! that `DType` stays `Copy`: the field lists live in a process-wide table, interned (the
//! same fields give the same id, so dtype equality is id equality, as NumPy's is field
//! equality). The table only grows; a program makes few distinct structured dtypes.
//!
//! A field of a structured array is a view: same storage, same shape and strides, the
//! field's dtype, the byte offset moved by the field's offset ([`Array::field`]). Writing
//! through it writes the records, as in NumPy. What the engine does with whole records is
//! what NumPy does with them short of arithmetic: create, index, slice, reshape, copy,
//! print, and assign field by field. Arithmetic and reductions have no loop for them, as
//! in NumPy (a `TypeError` naming the dtypes).
//!
//! ```
//! use ndplay_core::{Array, DType};
//! use ndplay_core::record::RecordField;
//! let point = DType::record(vec![
//!     RecordField::new("x", DType::Float64),
//!     RecordField::new("y", DType::Int32),
//! ]).unwrap();
//! assert_eq!(point.itemsize(), 12);
//! assert_eq!(point.to_string(), "[('x', '<f8'), ('y', '<i4')]");
//! let a = Array::zeros(&[2], point);
//! a.field("y").unwrap().fill(&ndplay_core::Scalar::Int32(7)).unwrap();
//! assert_eq!(a.repr(), "array([(0., 7), (0., 7)], dtype=[('x', '<f8'), ('y', '<i4')])");
//! ```

use std::sync::{Arc, OnceLock};

use parking_lot::RwLock;

use crate::array::Array;
use crate::dtype::DType;
use crate::error::{Error, Result};

/// One field of a structured dtype.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordField {
    /// The field's name (`'x'`).
    pub name: String,
    /// Its dtype (itself possibly structured).
    pub dtype: DType,
    /// Its byte offset in the record; `None` when built field by field, packed after the
    /// previous one.
    pub offset: Option<usize>,
}

impl RecordField {
    /// A field placed right after the previous one (NumPy's packed layout).
    pub fn new(name: &str, dtype: DType) -> RecordField {
        RecordField {
            name: name.to_string(),
            dtype,
            offset: None,
        }
    }

    /// A field at an explicit byte offset (the `{'names':..., 'offsets':...}` form).
    pub fn at(name: &str, dtype: DType, offset: usize) -> RecordField {
        RecordField {
            name: name.to_string(),
            dtype,
            offset: Some(offset),
        }
    }
}

/// A structured dtype's fields, offsets resolved, and its item size.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordLayout {
    /// The fields in declaration order, every `offset` set.
    pub fields: Vec<RecordField>,
    /// Bytes per record (at least the end of the last field; more with explicit padding).
    pub itemsize: usize,
}

impl RecordLayout {
    /// The field called `name`.
    pub fn field(&self, name: &str) -> Option<&RecordField> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The field names in order (`dtype.names`).
    pub fn names(&self) -> Vec<&str> {
        self.fields.iter().map(|f| f.name.as_str()).collect()
    }

    /// Whether the fields sit back to back from offset 0 and fill the record exactly (then
    /// NumPy prints the short list form).
    pub fn is_packed(&self) -> bool {
        let mut end = 0;
        for f in &self.fields {
            if f.offset != Some(end) {
                return false;
            }
            end += f.dtype.itemsize();
        }
        end == self.itemsize
    }
}

/// A structured dtype's index in the process-wide table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordId(u32);

fn table() -> &'static RwLock<Vec<Arc<RecordLayout>>> {
    static TABLE: OnceLock<RwLock<Vec<Arc<RecordLayout>>>> = OnceLock::new();
    TABLE.get_or_init(|| RwLock::new(Vec::new()))
}

impl RecordId {
    /// The fields of this dtype.
    pub fn layout(self) -> Arc<RecordLayout> {
        Arc::clone(&table().read()[self.0 as usize])
    }

    /// Interns `layout`, giving the id of an equal layout made before if there is one.
    fn intern(layout: RecordLayout) -> Result<RecordId> {
        let mut t = table().write();
        if let Some(i) = t.iter().position(|l| **l == layout) {
            return Ok(RecordId(i as u32));
        }
        let id = u32::try_from(t.len()).map_err(|_| {
            Error::value(
                "too many distinct structured dtypes in one process",
                "reuse one dtype object instead of building new ones in a loop",
            )
        })?;
        t.push(Arc::new(layout));
        Ok(RecordId(id))
    }
}

impl DType {
    /// A structured dtype of `fields`. Fields without an offset are packed after the
    /// previous one; `itemsize` (if given) pads the record. Errors as NumPy's: duplicate or
    /// empty field lists, fields past the record's end.
    pub fn record_sized(fields: Vec<RecordField>, itemsize: Option<usize>) -> Result<DType> {
        if fields.is_empty() {
            // NumPy allows `np.dtype([])` (a zero-size void); ndplay has no use for it.
            return Err(Error::Invalid {
                py_type: "NotImplementedError",
                message: "ndplay does not implement a structured dtype with no fields".into(),
                hint: "give the dtype at least one field: np.dtype([('x', 'f8')])".into(),
            });
        }
        let mut resolved = Vec::with_capacity(fields.len());
        let mut end = 0usize;
        for f in fields {
            if resolved.iter().any(|r: &RecordField| r.name == f.name) {
                return Err(Error::value(
                    format!("field '{}' occurs more than once", f.name),
                    "each field of a structured dtype needs its own name",
                ));
            }
            let offset = f.offset.unwrap_or(end);
            end = offset.checked_add(f.dtype.itemsize()).ok_or_else(|| {
                Error::value("structured dtype too large", "use fewer or smaller fields")
            })?;
            resolved.push(RecordField {
                offset: Some(offset),
                ..f
            });
        }
        let last_end = resolved
            .iter()
            .map(|f| f.offset.unwrap_or(0) + f.dtype.itemsize())
            .max()
            .unwrap_or(0);
        let itemsize = match itemsize {
            Some(n) if n < last_end => {
                return Err(Error::value(
                    format!(
                        "NumPy dtype descriptor requires {last_end} bytes, cannot override to smaller itemsize of {n}"
                    ),
                    "the itemsize must cover the last field's end",
                ));
            }
            Some(n) => n,
            None => last_end,
        };
        RecordId::intern(RecordLayout {
            fields: resolved,
            itemsize,
        })
        .map(DType::Record)
    }

    /// A packed structured dtype of `fields` (`np.dtype([('x', 'f8'), ('y', 'i4')])`).
    pub fn record(fields: Vec<RecordField>) -> Result<DType> {
        DType::record_sized(fields, None)
    }

    /// The fields of a structured dtype; `None` for every other dtype.
    pub fn record_layout(self) -> Option<Arc<RecordLayout>> {
        match self {
            DType::Record(id) => Some(id.layout()),
            _ => None,
        }
    }

    /// `str(dtype)` of a structured dtype: `[('x', '<f8'), ('y', '<i4')]`, or NumPy's dict
    /// form when the fields are not packed.
    pub(crate) fn record_descr(id: RecordId) -> String {
        let l = id.layout();
        // NumPy's construction repr: '?' for bool, no byte order on one-byte types.
        let field_str = |d: DType| match d {
            DType::Record(inner) => DType::record_descr(inner),
            DType::Bool => "'?'".to_string(),
            d => format!("'{}'", d.typestr().trim_start_matches('|')),
        };
        if l.is_packed() {
            let parts: Vec<String> = l
                .fields
                .iter()
                .map(|f| format!("('{}', {})", f.name, field_str(f.dtype)))
                .collect();
            format!("[{}]", parts.join(", "))
        } else {
            let names: Vec<String> = l.fields.iter().map(|f| format!("'{}'", f.name)).collect();
            let formats: Vec<String> = l.fields.iter().map(|f| field_str(f.dtype)).collect();
            let offsets: Vec<String> = l
                .fields
                .iter()
                .map(|f| f.offset.unwrap_or(0).to_string())
                .collect();
            format!(
                "{{'names': [{}], 'formats': [{}], 'offsets': [{}], 'itemsize': {}}}",
                names.join(", "),
                formats.join(", "),
                offsets.join(", "),
                l.itemsize
            )
        }
    }
}

impl Array {
    /// The view of field `name` of a structured array (`a['x']`): same storage, shape and
    /// strides, the field's dtype, offset by the field's offset. Writes go to the records.
    pub fn field(&self, name: &str) -> Result<Array> {
        let DType::Record(id) = self.dtype() else {
            return Err(Error::index(
                "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
                format!(
                    "'{name}' is a field name, but this {} array has no fields; only structured arrays are indexed by name",
                    self.dtype()
                ),
            ));
        };
        let layout = id.layout();
        let f = layout.field(name).ok_or_else(|| {
            Error::value(
                format!("no field of name {name}"),
                format!("the fields are {}", layout.names().join(", ")),
            )
        })?;
        Ok(self.field_view(f.dtype, f.offset.unwrap_or(0)))
    }

    /// `a[['z', 'x']]`: a view of the records showing only `names`, in that order, each at
    /// its own offset in the unchanged record size (NumPy 2's multi-field index). Writes
    /// go to the records.
    pub fn select_fields(&self, names: &[String]) -> Result<Array> {
        let layout = self.dtype().record_layout().ok_or_else(|| {
            Error::index(
                "only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices",
                format!(
                    "a list of field names indexes structured arrays; this {} array has no fields",
                    self.dtype()
                ),
            )
        })?;
        let mut fields = Vec::with_capacity(names.len());
        for (i, n) in names.iter().enumerate() {
            if names[..i].contains(n) {
                return Err(Error::value(
                    format!("duplicate field of name '{n}'"),
                    "name each field once",
                ));
            }
            let f = layout.field(n).ok_or_else(|| Error::Invalid {
                py_type: "KeyError",
                message: n.clone(),
                hint: format!("the fields are {}", layout.names().join(", ")),
            })?;
            fields.push(RecordField::at(n, f.dtype, f.offset.unwrap_or(0)));
        }
        let dt = DType::record_sized(fields, Some(layout.itemsize))?;
        Ok(self.field_view(dt, 0))
    }

    /// The views of every field, in order (for printing and copying records).
    pub fn fields(&self) -> Vec<(String, Array)> {
        match self.dtype() {
            DType::Record(id) => id
                .layout()
                .fields
                .iter()
                .map(|f| {
                    (
                        f.name.clone(),
                        self.field_view(f.dtype, f.offset.unwrap_or(0)),
                    )
                })
                .collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Scalar;

    fn point() -> DType {
        DType::record(vec![
            RecordField::new("x", DType::Int32),
            RecordField::new("y", DType::Float64),
        ])
        .unwrap()
    }

    #[test]
    fn equal_fields_intern_to_one_dtype() {
        assert_eq!(point(), point());
        let other = DType::record(vec![
            RecordField::new("y", DType::Int32),
            RecordField::new("x", DType::Float64),
        ])
        .unwrap();
        assert_ne!(point(), other);
        assert_eq!(point().repr(), "dtype([('x', '<i4'), ('y', '<f8')])");
        assert_eq!(point().typestr(), "|V12");
        assert!(!point().is_numeric());
    }

    #[test]
    fn padded_records_print_the_dict_form() {
        let d = DType::record_sized(
            vec![
                RecordField::at("a", DType::Float64, 0),
                RecordField::at("b", DType::Int8, 8),
            ],
            Some(16),
        )
        .unwrap();
        assert_eq!(
            d.to_string(),
            "{'names': ['a', 'b'], 'formats': ['<f8', 'i1'], 'offsets': [0, 8], 'itemsize': 16}"
        );
        assert_eq!(d.itemsize(), 16);
    }

    #[test]
    fn bad_field_lists_are_errors() {
        let dup = DType::record(vec![
            RecordField::new("a", DType::Int8),
            RecordField::new("a", DType::Int8),
        ]);
        assert_eq!(dup.unwrap_err().py_type(), "ValueError");
        let small = DType::record_sized(vec![RecordField::new("a", DType::Float64)], Some(4));
        assert!(
            small
                .unwrap_err()
                .numpy_message()
                .contains("requires 8 bytes")
        );
        assert_eq!(
            DType::record(Vec::new()).unwrap_err().py_type(),
            "NotImplementedError"
        );
    }

    #[test]
    fn fields_are_views_that_write_through_strided_parents() {
        let a = Array::zeros(&[4], point());
        let y = a.field("y").unwrap();
        assert_eq!(y.strides(), &[12]);
        y.fill(&Scalar::Float64(2.5)).unwrap();
        let every_other = a
            .index(&[crate::IndexItem::Slice(crate::SliceArg::new(None, None, 2))])
            .unwrap();
        every_other
            .field("x")
            .unwrap()
            .fill(&Scalar::Int32(-1))
            .unwrap();
        assert_eq!(
            a.repr(),
            "array([(-1, 2.5), ( 0, 2.5), (-1, 2.5), ( 0, 2.5)],\n      dtype=[('x', '<i4'), ('y', '<f8')])"
        );
        assert_eq!(
            a.field("z").unwrap_err().numpy_message(),
            "no field of name z"
        );
    }

    #[test]
    fn records_assign_by_position_and_plain_values_fill_every_field() {
        let a = Array::zeros(&[2], point());
        crate::copy_into(&a, &Array::from_scalar(&Scalar::Int64(3))).unwrap();
        let wide = DType::record(vec![
            RecordField::new("p", DType::Int64),
            RecordField::new("q", DType::Float32),
        ])
        .unwrap();
        let b = a.astype(wide, crate::Casting::Unsafe).unwrap();
        assert_eq!(
            b.repr(),
            "array([(3, 3.), (3, 3.)], dtype=[('p', '<i8'), ('q', '<f4')])"
        );
        let err = a
            .astype(DType::Float64, crate::Casting::Unsafe)
            .unwrap_err();
        assert_eq!(err.py_type(), "TypeError");
        assert!(a.sum(None, false).is_err());
        assert!(a.get(&[0]).is_err());
    }
}
