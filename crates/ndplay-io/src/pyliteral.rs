//! A parser for the small subset of Python literals an `.npy` header uses (what
//! `ast.literal_eval` would accept there): dicts, tuples, lists, strings, integers,
//! `True`, `False`, `None`. Errors are plain strings; the caller wraps them with the
//! header text.

/// A parsed Python literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Str(String),
    /// A non-negative integer that fits in `u64`.
    Int(u64),
    /// A negative integer (only its presence matters: shapes refuse it).
    NegInt,
    Bool(bool),
    None,
    Tuple(Vec<Value>),
    List(Vec<Value>),
    Dict(Vec<(Value, Value)>),
}

impl Value {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Str(_) => "a string",
            Value::Int(_) | Value::NegInt => "an integer",
            Value::Bool(_) => "a bool",
            Value::None => "None",
            Value::Tuple(_) => "a tuple",
            Value::List(_) => "a list",
            Value::Dict(_) => "a dict",
        }
    }
}

/// Nesting deeper than this is refused (NumPy headers nest at most a few levels; the cap
/// keeps hostile input from exhausting the stack).
const MAX_DEPTH: usize = 32;

/// Parses `text` as one literal followed only by whitespace.
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    let mut p = Parser {
        s: text.as_bytes(),
        pos: 0,
        text,
    };
    let v = p.value(0)?;
    p.skip_ws();
    if p.pos != p.s.len() {
        return Err(format!(
            "unexpected text after the literal at byte {}",
            p.pos
        ));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    pos: usize,
    text: &'a str,
}

impl Parser<'_> {
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.pos) {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.s.get(self.pos).copied()
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(format!("literal nested more than {MAX_DEPTH} levels deep"));
        }
        match self.peek() {
            None => Err("unexpected end of header".into()),
            Some(b'{') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        return Ok(Value::Dict(items));
                    }
                    let k = self.value(depth + 1)?;
                    if self.peek() != Some(b':') {
                        return Err(format!(
                            "expected ':' after a dict key at byte {}",
                            self.pos
                        ));
                    }
                    self.pos += 1;
                    let v = self.value(depth + 1)?;
                    items.push((k, v));
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b'}') => {}
                        _ => {
                            return Err(format!(
                                "expected ',' or '}}' in the dict at byte {}",
                                self.pos
                            ));
                        }
                    }
                }
            }
            Some(open @ (b'(' | b'[')) => {
                self.pos += 1;
                let close = if open == b'(' { b')' } else { b']' };
                let mut items = Vec::new();
                let mut trailing_comma = false;
                loop {
                    if self.peek() == Some(close) {
                        self.pos += 1;
                        break;
                    }
                    items.push(self.value(depth + 1)?);
                    trailing_comma = false;
                    match self.peek() {
                        Some(b',') => {
                            self.pos += 1;
                            trailing_comma = true;
                        }
                        Some(c) if c == close => {}
                        _ => {
                            return Err(format!(
                                "expected ',' or '{}' at byte {}",
                                close as char, self.pos
                            ));
                        }
                    }
                }
                if open == b'[' {
                    Ok(Value::List(items))
                } else if items.len() == 1 && !trailing_comma {
                    // `(3)` is the integer 3 in Python, not a tuple.
                    Ok(items.pop().unwrap_or(Value::None))
                } else {
                    Ok(Value::Tuple(items))
                }
            }
            Some(q @ (b'\'' | b'"')) => self.string(q),
            Some(b'-' | b'+' | b'0'..=b'9') => self.int(),
            Some(_) => {
                let start = self.pos;
                while self
                    .s
                    .get(self.pos)
                    .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
                {
                    self.pos += 1;
                }
                match &self.s[start..self.pos] {
                    b"True" => Ok(Value::Bool(true)),
                    b"False" => Ok(Value::Bool(false)),
                    b"None" => Ok(Value::None),
                    _ => Err(format!("unexpected text at byte {start}")),
                }
            }
        }
    }

    fn string(&mut self, quote: u8) -> Result<Value, String> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(&b) = self.s.get(self.pos) else {
                return Err(format!("string opened at byte {start} never closes"));
            };
            if b == quote {
                self.pos += 1;
                return Ok(Value::Str(out));
            }
            if b == b'\\' {
                let esc = self.s.get(self.pos + 1).copied();
                let c = match esc {
                    Some(b'\\') => '\\',
                    Some(b'\'') => '\'',
                    Some(b'"') => '"',
                    Some(b'n') => '\n',
                    Some(b't') => '\t',
                    _ => {
                        return Err(format!(
                            "unsupported escape in the string at byte {}",
                            self.pos
                        ));
                    }
                };
                out.push(c);
                self.pos += 2;
                continue;
            }
            if b == b'\n' {
                return Err(format!("string opened at byte {start} never closes"));
            }
            // Copy one whole UTF-8 character (the text is a &str, so the boundaries hold).
            let ch = self.text[self.pos..].chars().next().unwrap_or('\u{fffd}');
            out.push(ch);
            self.pos += ch.len_utf8().max(1);
        }
    }

    fn int(&mut self) -> Result<Value, String> {
        let start = self.pos;
        let negative = match self.s.get(self.pos) {
            Some(b'-') => {
                self.pos += 1;
                true
            }
            Some(b'+') => {
                self.pos += 1;
                false
            }
            _ => false,
        };
        let digits_start = self.pos;
        while self.s.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        let digits = &self.text[digits_start..self.pos];
        if digits.is_empty() {
            return Err(format!("expected digits at byte {start}"));
        }
        // Python 2 wrote longs as `3L`; NumPy still reads such headers.
        if let Some(b'L' | b'l') = self.s.get(self.pos) {
            self.pos += 1;
        }
        if negative {
            return Ok(if digits.bytes().all(|b| b == b'0') {
                Value::Int(0)
            } else {
                Value::NegInt
            });
        }
        digits
            .parse::<u64>()
            .map(Value::Int)
            .map_err(|_| format!("integer {digits} at byte {start} is too large"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numpy_header() {
        let v = parse("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }   \n").unwrap();
        assert_eq!(
            v,
            Value::Dict(vec![
                (Value::Str("descr".into()), Value::Str("<f8".into())),
                (Value::Str("fortran_order".into()), Value::Bool(false)),
                (
                    Value::Str("shape".into()),
                    Value::Tuple(vec![Value::Int(2), Value::Int(3)])
                ),
            ])
        );
    }

    #[test]
    fn tuples() {
        assert_eq!(parse("()").unwrap(), Value::Tuple(vec![]));
        assert_eq!(parse("(3,)").unwrap(), Value::Tuple(vec![Value::Int(3)]));
        assert_eq!(parse("(3)").unwrap(), Value::Int(3));
        assert_eq!(
            parse("(3L, 4L)").unwrap(),
            Value::Tuple(vec![Value::Int(3), Value::Int(4)])
        );
        assert_eq!(parse("-2").unwrap(), Value::NegInt);
    }

    #[test]
    fn refuses_garbage() {
        for bad in [
            "",
            "{",
            "{'a' 1}",
            "{'a': }",
            "(1 2)",
            "'abc",
            "__import__('os')",
            "1e5",
            "{'a': 1}}",
            "99999999999999999999999",
            "'\\x41'",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        let deep = "(".repeat(10_000);
        assert!(parse(&deep).is_err());
    }

    #[test]
    fn unicode_strings() {
        assert_eq!(parse("'héllo'").unwrap(), Value::Str("héllo".into()));
        assert_eq!(parse("\"it's\"").unwrap(), Value::Str("it's".into()));
    }
}
