//! `np.einsum` for explicit and implicit subscripts of letters, any number of operands.
//!
//! Two operands whose labels split cleanly into batch, contracted and free labels (the
//! products: `ij,jk->ik`, `bij,bjk->bik`, `i,i->`, `ij,j->i`, `i,j->ij`, ...) become one
//! batched [`matmul`] on faer. One operand whose every label is in the output is a view,
//! as in NumPy (`ij->ji` a transpose, `ii->i` the writeable diagonal); one operand
//! without repeated labels is a sum and a transpose (`ij->`, `ijk->ki`). Everything
//! else (traces such as `ii->`, three operands) runs the definition: a loop over every assignment of
//! the labels, summing products into the output, in the promoted dtype. An ellipsis
//! (`...`) stands for an operand's unnamed axes, broadcast across operands, as in NumPy.
//!
//! ```
//! use ndplay_core::Array;
//! use ndplay_linalg::einsum;
//! let a = Array::from_vec(vec![1.0, 2.0, 3.0, 4.0], &[2, 2]).unwrap();
//! assert_eq!(einsum("ii->", &[&a]).unwrap().item().unwrap().as_f64(), 5.0);   // trace
//! assert_eq!(einsum("ij->ji", &[&a]).unwrap().to_vec::<f64>(), vec![1.0, 3.0, 2.0, 4.0]);
//! assert_eq!(einsum("ij,jk", &[&a, &a]).unwrap().to_vec::<f64>(), vec![7.0, 10.0, 15.0, 22.0]);
//! ```

use ndplay_core::element::Num;
use ndplay_core::{Array, DType, Error, Result, with_numeric};

use crate::product::{check_numeric, matmul};

struct Spec {
    inputs: Vec<Vec<char>>,
    output: Vec<char>,
}

fn bad(message: impl Into<String>, hint: impl Into<String>) -> Error {
    Error::value(message, hint)
}

fn parse(subscripts: &str, operands: &[&Array]) -> Result<Spec> {
    let s: String = subscripts.chars().filter(|c| !c.is_whitespace()).collect();
    let (lhs, rhs) = match s.split_once("->") {
        Some((l, r)) => (l, Some(r)),
        None => (s.as_str(), None),
    };
    let inputs: Vec<Vec<char>> = lhs.split(',').map(|t| t.chars().collect()).collect();
    if let Some(c) = s
        .chars()
        .find(|c| !(c.is_ascii_alphabetic() || *c == ',' || *c == '-' || *c == '>'))
    {
        return Err(bad(
            format!(
                "invalid subscript '{c}' in einstein sum subscripts string, subscripts must be letters"
            ),
            "Use letters a-z and A-Z for axes.",
        ));
    }
    if inputs.len() > operands.len() {
        return Err(bad(
            "fewer operands provided to einstein sum function than specified in the subscripts string",
            format!(
                "'{subscripts}' names {} operands, {} given.",
                inputs.len(),
                operands.len()
            ),
        ));
    }
    if inputs.len() < operands.len() {
        return Err(bad(
            "more operands provided to einstein sum function than specified in the subscripts string",
            format!(
                "'{subscripts}' names {} operands, {} given.",
                inputs.len(),
                operands.len()
            ),
        ));
    }
    for (i, (labels, op)) in inputs.iter().zip(operands).enumerate() {
        if labels.len() != op.ndim() {
            return Err(bad(
                format!(
                    "einstein sum subscripts string contains too {} subscripts for operand {i}",
                    if labels.len() > op.ndim() {
                        "many"
                    } else {
                        "few"
                    }
                ),
                format!(
                    "Operand {i} has {} axes, so it needs exactly {} letters.",
                    op.ndim(),
                    op.ndim()
                ),
            ));
        }
    }
    let output: Vec<char> = match rhs {
        Some(r) => {
            let out: Vec<char> = r.chars().collect();
            for (i, c) in out.iter().enumerate() {
                if out[..i].contains(c) {
                    return Err(bad(
                        format!(
                            "einstein sum subscripts string includes output subscript '{c}' multiple times"
                        ),
                        "Each output letter appears once.",
                    ));
                }
                if !inputs.iter().any(|l| l.contains(c)) {
                    return Err(bad(
                        format!(
                            "einstein sum subscripts string included output subscript '{c}' which never appeared in an input"
                        ),
                        "Output letters must name input axes.",
                    ));
                }
            }
            out
        }
        None => {
            let mut once: Vec<char> = inputs
                .iter()
                .flatten()
                .copied()
                .filter(|c| inputs.iter().flatten().filter(|d| *d == c).count() == 1)
                .collect();
            once.sort_unstable();
            once
        }
    };
    Ok(Spec { inputs, output })
}

/// Rewrites subscripts with ellipses (`'...ij,...jk->...ik'`) into letters only, as
/// NumPy reads them: each operand's `...` stands for its axes not named by a letter;
/// those axes broadcast against each other aligned from the right, so each operand is
/// broadcast to the common shape there and every `...` becomes the same fresh letters
/// (the last ones, for an operand with fewer such axes). The implicit output puts the
/// broadcast axes first, then the letters used once, sorted.
fn spell_out_ellipses(subscripts: &str, operands: &[&Array]) -> Result<(String, Vec<Array>)> {
    let s: String = subscripts.chars().filter(|c| !c.is_whitespace()).collect();
    let (lhs, rhs) = match s.split_once("->") {
        Some((l, r)) => (l, Some(r)),
        None => (s.as_str(), None),
    };
    let terms: Vec<&str> = lhs.split(',').collect();
    if terms.len() != operands.len() {
        // The plain parser says which way the count is off.
        parse(&s.replace('.', ""), operands)?;
    }
    let stray_dot = |t: &str| t.replacen("...", "", 1).contains('.');
    for (i, t) in terms.iter().enumerate() {
        if stray_dot(t) {
            return Err(bad(
                format!(
                    "einstein sum subscripts string contains a '.' that is not part of an \
                     ellipsis ('...') in operand {i}"
                ),
                "An ellipsis is exactly three dots, at most one per operand.",
            ));
        }
    }
    if rhs.is_some_and(stray_dot) {
        return Err(bad(
            "einstein sum subscripts string contains a '.' that is not part of an ellipsis \
             ('...') in the output",
            "An ellipsis is exactly three dots, at most one in the output.",
        ));
    }
    // How many axes each operand's ellipsis covers, and where it starts.
    let mut spans = Vec::with_capacity(terms.len());
    for (t, op) in terms.iter().zip(operands) {
        let letters = t.chars().filter(|c| *c != '.').count();
        match t.find("...") {
            Some(pos) => spans.push(Some((pos, op.ndim().saturating_sub(letters)))),
            None => spans.push(None),
        }
    }
    let k = spans.iter().flatten().map(|&(_, e)| e).max().unwrap_or(0);
    let fresh: Vec<char> = ('A'..='Z')
        .chain('a'..='z')
        .filter(|c| !s.contains(*c))
        .take(k)
        .collect();
    if fresh.len() < k {
        return Err(bad(
            "einsum: too many subscripts for the ellipsis' axes",
            "Each axis needs its own letter; name fewer axes, or use fewer dimensions.",
        ));
    }
    let ell_shapes: Vec<&[usize]> = spans
        .iter()
        .zip(operands)
        .filter_map(|(sp, op)| sp.map(|(pos, e)| &op.shape()[pos..(pos + e).min(op.ndim())]))
        .collect();
    let common = ndplay_core::shape::broadcast_shapes("einsum", &ell_shapes)?;
    let mut spelled_terms = Vec::with_capacity(terms.len());
    let mut broadcast = Vec::with_capacity(operands.len());
    for ((t, op), sp) in terms.iter().zip(operands).zip(&spans) {
        let Some((pos, e)) = *sp else {
            spelled_terms.push((*t).to_string());
            broadcast.push((*op).clone());
            continue;
        };
        let letters: String = fresh[k - e..].iter().collect();
        spelled_terms.push(t.replacen("...", &letters, 1));
        let mut shape = op.shape().to_vec();
        if pos + e <= shape.len() {
            shape.splice(pos..pos + e, common[k - e..].iter().copied());
        }
        broadcast.push(if shape == op.shape() {
            (*op).clone()
        } else {
            op.broadcast_to(&shape)?
        });
    }
    let all: String = fresh.iter().collect();
    let output = match rhs {
        Some(r) if r.contains("...") => r.replacen("...", &all, 1),
        Some(r) => {
            if k > 0 {
                return Err(bad(
                    "output has more dimensions than subscripts given in einstein sum, but \
                     no '...' ellipsis provided to broadcast the extra dimensions.",
                    format!(
                        "The inputs' '...' covers {k} axes; keep them with '...' in the \
                         output ('->...{r}'), or name them with letters to sum over them."
                    ),
                ));
            }
            r.to_string()
        }
        None => {
            let joined: String = terms.concat();
            let mut once: Vec<char> = joined
                .chars()
                .filter(|c| c.is_ascii_alphabetic() && joined.matches(*c).count() == 1)
                .collect();
            once.sort_unstable();
            all.chars().chain(once).collect()
        }
    };
    Ok((format!("{}->{output}", spelled_terms.join(",")), broadcast))
}

/// The length of every label, checking that repeated labels agree.
fn label_sizes(spec: &Spec, operands: &[&Array]) -> Result<Vec<(char, usize)>> {
    let mut sizes: Vec<(char, usize)> = Vec::new();
    for (i, (labels, op)) in spec.inputs.iter().zip(operands).enumerate() {
        for (axis, (&c, &d)) in labels.iter().zip(op.shape()).enumerate() {
            match sizes.iter().find(|(l, _)| *l == c) {
                Some(&(_, prev)) if prev != d => {
                    return Err(bad(
                        format!(
                            "operands could not be broadcast together with remapped shapes [original->remapped]: size of label '{c}' for operand {i} ({d}) does not match previous terms ({prev})."
                        ),
                        format!(
                            "Label '{c}' names axis {axis} of operand {i} with length {d}, but an earlier axis with the same label has length {prev}."
                        ),
                    ));
                }
                Some(_) => {}
                None => sizes.push((c, d)),
            }
        }
    }
    Ok(sizes)
}

fn size_of(sizes: &[(char, usize)], c: char) -> usize {
    sizes.iter().find(|(l, _)| *l == c).map_or(1, |&(_, d)| d)
}

/// `np.einsum(subscripts, *operands)`. Result dtype: the operands' promoted dtype.
///
/// # Errors
/// Malformed subscripts, the wrong number of operands or letters, labels whose lengths
/// disagree, string operands.
pub fn einsum(subscripts: &str, operands: &[&Array]) -> Result<Array> {
    check_numeric("einsum", operands)?;
    if subscripts.contains('.') {
        let (spelled, broadcast) = spell_out_ellipses(subscripts, operands)?;
        let refs: Vec<&Array> = broadcast.iter().collect();
        return einsum(&spelled, &refs);
    }
    let spec = parse(subscripts, operands)?;
    let sizes = label_sizes(&spec, operands)?;
    let dtype = operands
        .iter()
        .map(|a| a.dtype())
        .reduce(DType::promote)
        .unwrap_or(DType::Float64);
    if let ([a], [labels]) = (operands, spec.inputs.as_slice())
        && labels.iter().all(|c| spec.output.contains(c))
    {
        // Nothing is summed: NumPy returns a view (`'ii->i'` is the writeable diagonal,
        // `'ij->ji'` the transpose), so writes through it reach the operand.
        let out_axis_of: Vec<usize> = labels
            .iter()
            .map(|c| spec.output.iter().position(|o| o == c).unwrap_or(0))
            .collect();
        return a.merged_axes_view(&out_axis_of);
    }
    let distinct = |l: &[char]| l.iter().enumerate().all(|(i, c)| !l[..i].contains(c));
    if spec.inputs.iter().all(|l| distinct(l)) {
        if let [a] = operands {
            return sum_transpose(a, &spec.inputs[0], &spec.output, dtype);
        }
        if let ([a, b], [la, lb]) = (operands, spec.inputs.as_slice())
            && la
                .iter()
                .chain(lb)
                .all(|c| spec.output.contains(c) || (la.contains(c) && lb.contains(c)))
        {
            return as_matmul(a, b, la, lb, &spec.output, &sizes, dtype);
        }
    }
    definition(operands, &spec, &sizes, dtype)
}

/// One operand with distinct labels, some summed: sum those, then order the rest.
fn sum_transpose(a: &Array, labels: &[char], output: &[char], dtype: DType) -> Result<Array> {
    let a = if a.dtype() == dtype {
        a.clone()
    } else {
        a.astype(dtype, ndplay_core::Casting::Unsafe)?
    };
    let summed: Vec<isize> = (0..labels.len())
        .filter(|&i| !output.contains(&labels[i]))
        .map(|i| i as isize)
        .collect();
    let kept: Vec<char> = labels
        .iter()
        .copied()
        .filter(|c| output.contains(c))
        .collect();
    // Never empty: an operand whose labels all stay is a view (see `einsum`).
    let reduced = a
        .sum(Some(&summed), false)?
        .astype(dtype, ndplay_core::Casting::Unsafe)?;
    let perm: Vec<isize> = output
        .iter()
        .map(|c| kept.iter().position(|k| k == c).unwrap_or(0) as isize)
        .collect();
    reduced.permute(&perm)?.as_c_contiguous()
}

/// Two operands as `(batch, free_a, k) @ (batch, k, free_b)`.
fn as_matmul(
    a: &Array,
    b: &Array,
    la: &[char],
    lb: &[char],
    output: &[char],
    sizes: &[(char, usize)],
    dtype: DType,
) -> Result<Array> {
    let batch: Vec<char> = output
        .iter()
        .copied()
        .filter(|c| la.contains(c) && lb.contains(c))
        .collect();
    let free_a: Vec<char> = output
        .iter()
        .copied()
        .filter(|c| la.contains(c) && !lb.contains(c))
        .collect();
    let free_b: Vec<char> = output
        .iter()
        .copied()
        .filter(|c| lb.contains(c) && !la.contains(c))
        .collect();
    let k: Vec<char> = la
        .iter()
        .copied()
        .filter(|c| lb.contains(c) && !output.contains(c))
        .collect();
    let pos = |labels: &[char], c: &char| labels.iter().position(|l| l == c).unwrap_or(0) as isize;
    let prod = |ls: &[char]| ls.iter().map(|&c| size_of(sizes, c)).product::<usize>() as isize;
    let (nb, np_, nk, nq) = (prod(&batch), prod(&free_a), prod(&k), prod(&free_b));
    let pa: Vec<isize> = batch
        .iter()
        .chain(&free_a)
        .chain(&k)
        .map(|c| pos(la, c))
        .collect();
    let pb: Vec<isize> = batch
        .iter()
        .chain(&k)
        .chain(&free_b)
        .map(|c| pos(lb, c))
        .collect();
    let a3 = a.permute(&pa)?.reshape(&[nb, np_, nk])?;
    let b3 = b.permute(&pb)?.reshape(&[nb, nk, nq])?;
    let c = matmul(&a3, &b3)?;
    let c = if c.dtype() == dtype {
        c
    } else {
        c.astype(dtype, ndplay_core::Casting::Unsafe)?
    };
    let order: Vec<char> = batch
        .iter()
        .chain(&free_a)
        .chain(&free_b)
        .copied()
        .collect();
    let shape: Vec<isize> = order.iter().map(|&c| size_of(sizes, c) as isize).collect();
    let perm: Vec<isize> = output.iter().map(|c| pos(&order, c)).collect();
    c.reshape(&shape)?.permute(&perm)?.as_c_contiguous()
}

/// The definition: for every assignment of all labels, add the product of the operands'
/// entries to the output entry named by the output labels.
fn definition(
    operands: &[&Array],
    spec: &Spec,
    sizes: &[(char, usize)],
    dtype: DType,
) -> Result<Array> {
    if dtype.is_object() {
        return Err(Error::records_not_implemented("einsum", dtype));
    }
    if !dtype.is_numeric() {
        return Err(Error::NoLoop {
            op: "einsum".into(),
            dtypes: operands.iter().map(|a| a.dtype()).collect(),
        });
    }
    let labels: Vec<char> = sizes.iter().map(|&(c, _)| c).collect();
    let dims: Vec<usize> = sizes.iter().map(|&(_, d)| d).collect();
    let out_shape: Vec<usize> = spec.output.iter().map(|&c| size_of(sizes, c)).collect();
    let strides_for = |ls: &[char], shape: &[usize]| -> Vec<usize> {
        let mut st = vec![0usize; labels.len()];
        let mut acc = 1;
        for (i, &c) in ls.iter().enumerate().rev() {
            let li = labels.iter().position(|&l| l == c).unwrap_or(0);
            st[li] += acc;
            acc *= shape[i];
        }
        st
    };
    let op_strides: Vec<Vec<usize>> = spec
        .inputs
        .iter()
        .zip(operands)
        .map(|(ls, op)| strides_for(ls, op.shape()))
        .collect();
    let out_strides = strides_for(&spec.output, &out_shape);
    let total: usize = dims.iter().product();
    with_numeric!(dtype, T => {
        let values: Vec<Vec<T>> = operands.iter().map(|a| a.to_vec::<T>()).collect();
        let mut out = vec![<T as Num>::zero(); out_shape.iter().product()];
        let mut idx = vec![0usize; dims.len()];
        for _ in 0..total {
            let mut p = <T as Num>::one();
            for (v, st) in values.iter().zip(&op_strides) {
                let off: usize = idx.iter().zip(st).map(|(i, s)| i * s).sum();
                p = T::mul(p, v[off]);
            }
            let o: usize = idx.iter().zip(&out_strides).map(|(i, s)| i * s).sum();
            out[o] = T::add(out[o], p);
            for ax in (0..dims.len()).rev() {
                idx[ax] += 1;
                if idx[ax] < dims[ax] {
                    break;
                }
                idx[ax] = 0;
            }
        }
        Array::from_vec(out, &out_shape)
    })
}
