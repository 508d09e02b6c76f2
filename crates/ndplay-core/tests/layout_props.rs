//! Property tests for the layout algebra: any composition of transposes, permutations,
//! slices (negative steps included), integer indexing, new axes, broadcasts and
//! reshapes must address exactly the elements a plain index-mapping reference says.
//!
//! The reference keeps, for the current view, the list of original flat positions in C
//! order and transforms that list directly; the layout must agree element for element.

use ndplay_core::{Array, DType, Layout, SliceArg};
use proptest::prelude::*;

const ITEM: usize = 8;

/// The reference: a shape and the original flat index of each element in C order.
#[derive(Clone, Debug)]
struct Reference {
    shape: Vec<usize>,
    flat: Vec<usize>,
}

impl Reference {
    fn strides(shape: &[usize]) -> Vec<usize> {
        let mut s = vec![1; shape.len()];
        for i in (0..shape.len().saturating_sub(1)).rev() {
            s[i] = s[i + 1] * shape[i + 1];
        }
        s
    }

    fn map(&self, shape: Vec<usize>, f: impl Fn(&[usize]) -> usize) -> Reference {
        let n: usize = shape.iter().product();
        let st = Self::strides(&shape);
        let flat = (0..n)
            .map(|k| {
                let idx: Vec<usize> = st.iter().zip(&shape).map(|(s, d)| (k / s) % d).collect();
                self.flat[f(&idx)]
            })
            .collect();
        Reference { shape, flat }
    }

    fn pos(&self, idx: &[usize]) -> usize {
        Self::strides(&self.shape)
            .iter()
            .zip(idx)
            .map(|(s, i)| s * i)
            .sum()
    }
}

#[derive(Clone, Debug)]
enum Op {
    Transpose,
    Permute(Vec<usize>),
    Slice {
        axis: usize,
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
    },
    Index {
        axis: usize,
        i: i64,
    },
    NewAxis(usize),
    Reshape(Vec<usize>),
    Broadcast(usize),
}

fn offsets(l: &Layout) -> Vec<usize> {
    let n = l.size();
    let st = Reference::strides(l.shape());
    (0..n)
        .map(|k| {
            let idx: Vec<usize> = st.iter().zip(l.shape()).map(|(s, d)| (k / s) % d).collect();
            l.offset_of(&idx)
        })
        .collect()
}

fn apply(l: &Layout, r: &Reference, op: &Op) -> Option<(Layout, Reference)> {
    let nd = l.ndim();
    match op {
        Op::Transpose => {
            let rs: Vec<usize> = r.shape.iter().rev().copied().collect();
            let rr = r.map(rs, |idx| {
                r.pos(&idx.iter().rev().copied().collect::<Vec<_>>())
            });
            Some((l.transposed(), rr))
        }
        Op::Permute(p) if p.len() == nd => {
            let rs: Vec<usize> = p.iter().map(|&a| r.shape[a]).collect();
            let rr = r.map(rs, |idx| {
                let mut orig = vec![0; nd];
                for (k, &a) in p.iter().enumerate() {
                    orig[a] = idx[k];
                }
                r.pos(&orig)
            });
            Some((l.permuted(p), rr))
        }
        Op::Slice {
            axis,
            start,
            stop,
            step,
        } if *axis < nd => {
            let s = SliceArg::new(*start, *stop, *step);
            let (first, count) = s.resolve(r.shape[*axis]).ok()?;
            let mut rs = r.shape.clone();
            rs[*axis] = count;
            let rr = r.map(rs, |idx| {
                let mut orig = idx.to_vec();
                orig[*axis] = (first + idx[*axis] as isize * step) as usize;
                r.pos(&orig)
            });
            Some((l.slice_axis(*axis, s).ok()?, rr))
        }
        Op::Index { axis, i } if *axis < nd && r.shape[*axis] > 0 => {
            let size = r.shape[*axis] as i64;
            let ii = (((*i % size) + size) % size) as usize;
            let mut rs = r.shape.clone();
            rs.remove(*axis);
            let rr = r.map(rs, |idx| {
                let mut orig = idx.to_vec();
                orig.insert(*axis, ii);
                r.pos(&orig)
            });
            Some((l.index_axis(*axis, ii as i64).ok()?, rr))
        }
        Op::NewAxis(a) if *a <= nd => {
            let mut rs = r.shape.clone();
            rs.insert(*a, 1);
            let rr = r.map(rs, |idx| {
                let mut orig = idx.to_vec();
                orig.remove(*a);
                r.pos(&orig)
            });
            Some((l.insert_axis(*a), rr))
        }
        Op::Reshape(shape) => {
            if shape.iter().product::<usize>() != r.flat.len() {
                return None;
            }
            // Reshape reads elements in C order: the reference list is unchanged.
            let rr = Reference {
                shape: shape.clone(),
                flat: r.flat.clone(),
            };
            let view = l.reshape_view(shape, ITEM, false)?;
            Some((view, rr))
        }
        Op::Broadcast(n) => {
            let mut rs = vec![*n];
            rs.extend_from_slice(&r.shape);
            let rr = r.map(rs.clone(), |idx| r.pos(&idx[1..]));
            Some((l.broadcast_to(&rs).ok()?, rr))
        }
        _ => None,
    }
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        Just(Op::Transpose),
        Just(Op::Permute(vec![1, 0])),
        Just(Op::Permute(vec![2, 0, 1])),
        Just(Op::Permute(vec![1, 2, 0])),
        (
            0usize..4,
            proptest::option::of(-6isize..6),
            proptest::option::of(-6isize..6),
            prop_oneof![-3isize..0, 1isize..4]
        )
            .prop_map(|(axis, start, stop, step)| Op::Slice {
                axis,
                start,
                stop,
                step
            }),
        (0usize..4, -5i64..5).prop_map(|(axis, i)| Op::Index { axis, i }),
        (0usize..4).prop_map(Op::NewAxis),
        proptest::collection::vec(1usize..5, 1..4).prop_map(Op::Reshape),
        (1usize..3).prop_map(Op::Broadcast),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn view_compositions_match_index_mapping(
        shape in proptest::collection::vec(0usize..5, 1..4),
        ops in proptest::collection::vec(op_strategy(), 0..6),
    ) {
        let n: usize = shape.iter().product();
        let mut layout = Layout::c_contiguous(&shape, ITEM);
        // Use the non-empty C strides even for empty shapes so views stay meaningful.
        let mut st = vec![ITEM as isize; shape.len()];
        for i in (0..shape.len().saturating_sub(1)).rev() {
            st[i] = st[i + 1] * shape[i + 1].max(1) as isize;
        }
        layout = Layout::new(layout.shape().to_vec(), st, 0);
        let mut reference = Reference { shape: shape.clone(), flat: (0..n).collect() };
        for op in &ops {
            if let Some((l, r)) = apply(&layout, &reference, op) {
                layout = l;
                reference = r;
            }
        }
        prop_assert_eq!(layout.shape(), reference.shape.as_slice());
        let got: Vec<usize> = offsets(&layout).into_iter().map(|o| o / ITEM).collect();
        prop_assert_eq!(&got, &reference.flat);
        // Contiguity flags agree with the element walk: C-contiguous means consecutive.
        if layout.size() > 1 && layout.is_c_contiguous(ITEM) {
            prop_assert!(got.windows(2).all(|w| w[1] == w[0] + 1));
        }
        // An engine array over the same bytes with this layout reads the same values.
        if n > 0 {
            let bytes: Vec<u8> = (0..n).flat_map(|v| (v as f64).to_le_bytes()).collect();
            let view = Array::from_external(std::sync::Arc::new(bytes), layout.clone(), DType::Float64).unwrap();
            let want: Vec<f64> = reference.flat.iter().map(|&v| v as f64).collect();
            prop_assert_eq!(view.to_vec::<f64>(), want);
        }
    }

    #[test]
    fn reshape_round_trips_values(dims in proptest::collection::vec(1usize..5, 1..4), transpose in any::<bool>()) {
        let n: usize = dims.iter().product();
        let a = Array::arange(0.0, n as f64, 1.0, Some(DType::Int64)).unwrap().reshape(&dims.iter().map(|&d| d as isize).collect::<Vec<_>>()).unwrap();
        let a = if transpose { a.t() } else { a };
        let flat = a.reshape(&[-1]).unwrap();
        // Flattening in C order visits a's elements in C order, copy or view.
        prop_assert_eq!(flat.to_vec::<i64>(), a.to_vec::<i64>());
        // A view exactly when the data are C-contiguous (or trivially so).
        prop_assert_eq!(flat.shares_memory(&a), a.is_c_contiguous() || n == 1 || dims.iter().filter(|&&d| d > 1).count() <= 1);
    }
}
