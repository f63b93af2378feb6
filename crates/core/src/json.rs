//! A small pull reader for JSON text. The providers' answers are read
//! member by member straight into the console's own types, with one copy of
//! the parsing code for all of them: callers get each member's key and read
//! its value (or skip it) themselves.
//!
//! The grammar is RFC 8259's, checked as `serde_json` checks it: control
//! characters inside strings, malformed escapes and numbers, and anything
//! after the top-level value are errors. Strings are unescaped (`\uXXXX`
//! surrogate pairs joined, lone surrogates refused) and numbers are given as
//! their text, so integers of any size stay exact. Values that are read may
//! nest at most [`MAX_DEPTH`] - 1 arrays and objects deep, so hostile input
//! cannot exhaust the stack; a value that is skipped is walked without
//! recursion and may nest deeper, as `serde_json` lets it.

use std::borrow::Cow;
use std::fmt;

/// Arrays and objects open at once from this many on are refused in what is
/// read (127 is the deepest accepted, as with `serde_json`).
pub const MAX_DEPTH: usize = 128;

/// Why a text is not the JSON expected, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the text at which the problem was found.
    pub offset: usize,
    pub message: &'static str,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for Error {}

/// What the next value is, from its first character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

/// A cursor over one JSON text.
pub struct Reader<'a> {
    text: &'a str,
    pos: usize,
    /// Arrays and objects open around the cursor.
    depth: usize,
    /// What [`Reader::skip`] walks through: `true` for an object.
    frames: Vec<bool>,
}

/// The value `read` makes of the whole of `text`: whitespace may surround
/// it, anything else after it is an error.
pub fn parse<T>(text: &str, read: fn(&mut Reader<'_>) -> Result<T, Error>) -> Result<T, Error> {
    let mut reader = Reader::new(text);
    let value = read(&mut reader)?;
    reader.end()?;
    Ok(value)
}

/// Reads the object the reader is at into `Type::default()`, one arm per
/// member: `"name" => field: reader`, where `reader` takes the reader and
/// gives the field's value. Other members are skipped; a member given twice
/// keeps its last value.
macro_rules! read_fields {
    ($r:expr, $ty:ty { $($key:literal => $field:ident : $read:expr),* $(,)? }) => {{
        let mut out = <$ty>::default();
        $r.object(&mut |key, r| {
            match key {
                $($key => out.$field = ($read)(r)?,)*
                _ => r.skip()?,
            }
            Ok(())
        })?;
        Ok(out)
    }};
}
pub(crate) use read_fields;

/// `Some` of what `read` makes of an object; `None` for `null` or any other
/// value, which is skipped.
pub fn opt_object<T>(
    r: &mut Reader<'_>,
    read: fn(&mut Reader<'_>) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    if r.kind()? == Kind::Object {
        read(r).map(Some)
    } else {
        r.skip().map(|()| None)
    }
}

/// `Some` of the objects of an array, each made by `read` (entries that are
/// not objects are skipped); `None` for `null` or any other value.
pub fn opt_list<T>(
    r: &mut Reader<'_>,
    read: fn(&mut Reader<'_>) -> Result<T, Error>,
) -> Result<Option<Vec<T>>, Error> {
    if r.kind()? != Kind::Array {
        r.skip()?;
        return Ok(None);
    }
    let mut list = Vec::new();
    r.array(&mut |r| {
        if let Some(item) = opt_object(r, read)? {
            list.push(item);
        }
        Ok(())
    })?;
    Ok(Some(list))
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str) -> Self {
        Reader {
            text,
            pos: 0,
            depth: 0,
            frames: Vec::new(),
        }
    }

    /// The byte offset of the cursor.
    pub fn offset(&self) -> usize {
        self.pos
    }

    fn error(&self, message: &'static str) -> Error {
        Error {
            offset: self.pos,
            message,
        }
    }

    fn fail<T>(&self, message: &'static str) -> Result<T, Error> {
        Err(self.error(message))
    }

    /// The next character after whitespace, not consumed.
    fn peek(&mut self) -> Option<u8> {
        let bytes = self.text.as_bytes();
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = bytes.get(self.pos) {
            self.pos += 1;
        }
        bytes.get(self.pos).copied()
    }

    /// The kind of the next value (whitespace before it is skipped); an
    /// error where no value starts.
    pub fn kind(&mut self) -> Result<Kind, Error> {
        match self.peek() {
            Some(b'{') => Ok(Kind::Object),
            Some(b'[') => Ok(Kind::Array),
            Some(b'"') => Ok(Kind::String),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b't' | b'f') => Ok(Kind::Bool),
            Some(b'n') => Ok(Kind::Null),
            Some(_) => self.fail("expected value"),
            None => self.fail("EOF while parsing a value"),
        }
    }

    /// The end of the text: only whitespace may be left.
    pub fn end(&mut self) -> Result<(), Error> {
        match self.peek() {
            None => Ok(()),
            Some(_) => self.fail("trailing characters"),
        }
    }

    /// Enters an array or object opened by `open`.
    /// Enters the container opened by `open`; `true` when it is empty (its
    /// `close` consumed too, and left again).
    fn open(&mut self, open: u8, close: u8, message: &'static str) -> Result<bool, Error> {
        if self.peek() != Some(open) {
            return self.fail(message);
        }
        if self.depth + 1 >= MAX_DEPTH {
            return self.fail("recursion limit exceeded");
        }
        self.pos += 1;
        if self.peek() == Some(close) {
            self.pos += 1;
            return Ok(true);
        }
        self.depth += 1;
        Ok(false)
    }

    /// After a member or element: `true` at the closing `close` (consumed),
    /// `false` after a comma.
    fn next_or_close(&mut self, close: u8) -> Result<bool, Error> {
        let object = close == b'}';
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                if self.peek() == Some(close) {
                    return self.fail("trailing comma");
                }
                Ok(false)
            }
            Some(b) if b == close => {
                self.pos += 1;
                self.depth -= 1;
                Ok(true)
            }
            Some(_) if object => self.fail("expected `,` or `}`"),
            Some(_) => self.fail("expected `,` or `]`"),
            None if object => self.fail("EOF while parsing an object"),
            None => self.fail("EOF while parsing a list"),
        }
    }

    /// Reads an object: `each` is called with every member's key and must
    /// read or skip its value. Keys come in the text's order, repeated keys
    /// included.
    pub fn object(
        &mut self,
        each: &mut dyn FnMut(&str, &mut Reader<'a>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if self.open(b'{', b'}', "expected an object")? {
            return Ok(());
        }
        loop {
            let key = self.key(true)?;
            each(&key, self)?;
            if self.next_or_close(b'}')? {
                return Ok(());
            }
        }
    }

    /// Reads an array: `each` is called for every element and must read or
    /// skip it.
    pub fn array(
        &mut self,
        each: &mut dyn FnMut(&mut Reader<'a>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        if self.open(b'[', b']', "expected an array")? {
            return Ok(());
        }
        loop {
            each(self)?;
            if self.next_or_close(b']')? {
                return Ok(());
            }
        }
    }

    /// A member's key and the colon after it.
    fn key(&mut self, strict: bool) -> Result<Cow<'a, str>, Error> {
        match self.peek() {
            Some(b'"') => {}
            Some(_) => return self.fail("key must be a string"),
            None => return self.fail("EOF while parsing an object"),
        }
        let key = self.scan_string(true, strict)?;
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(key)
            }
            Some(_) => self.fail("expected `:`"),
            None => self.fail("EOF while parsing an object"),
        }
    }

    /// A string, unescaped.
    pub fn string(&mut self) -> Result<String, Error> {
        if self.peek() != Some(b'"') {
            return self.fail("expected a string");
        }
        self.scan_string(true, true).map(Cow::into_owned)
    }

    /// From an opening quote to past the closing one: the string, unescaped
    /// if `keep` (otherwise only checked, and the raw text is given).
    /// `strict` checks that `\u` escapes pair their surrogates, as for a
    /// string that is read; a skipped string needs only well-formed escapes.
    fn scan_string(&mut self, keep: bool, strict: bool) -> Result<Cow<'a, str>, Error> {
        let text = self.text;
        let bytes = text.as_bytes();
        self.pos += 1;
        let mut start = self.pos;
        let mut unescaped: Option<String> = None;
        loop {
            match bytes.get(self.pos) {
                None => return self.fail("EOF while parsing a string"),
                Some(b'"') => {
                    let tail = &text[start..self.pos];
                    self.pos += 1;
                    return Ok(match unescaped {
                        Some(mut s) => {
                            s.push_str(tail);
                            Cow::Owned(s)
                        }
                        None => Cow::Borrowed(tail),
                    });
                }
                Some(b'\\') => {
                    let head = &text[start..self.pos];
                    self.pos += 1;
                    let c = self.escape(strict || keep)?;
                    if keep {
                        let s = unescaped.get_or_insert_with(String::new);
                        s.push_str(head);
                        s.extend(c);
                        start = self.pos;
                    }
                }
                Some(0x00..=0x1f) => {
                    return self
                        .fail("control character (\\u0000-\\u001F) found while parsing a string")
                }
                Some(_) => self.pos += 1,
            }
        }
    }

    /// After a backslash: the character an escape stands for (`None` for a
    /// `\u` escape that is only checked for form).
    fn escape(&mut self, strict: bool) -> Result<Option<char>, Error> {
        let Some(&b) = self.text.as_bytes().get(self.pos) else {
            return self.fail("EOF while parsing a string");
        };
        self.pos += 1;
        Ok(Some(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                if !strict {
                    return Ok(None);
                }
                let code = match unit {
                    0xDC00..=0xDFFF => return self.fail("lone leading surrogate in hex escape"),
                    0xD800..=0xDBFF => {
                        if !self.text.as_bytes()[self.pos..].starts_with(b"\\u") {
                            return self.fail("unexpected end of hex escape");
                        }
                        self.pos += 2;
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return self.fail("lone leading surrogate in hex escape");
                        }
                        0x1_0000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    _ => unit,
                };
                match char::from_u32(code) {
                    Some(c) => c,
                    None => return self.fail("invalid unicode code point"),
                }
            }
            _ => return self.fail("invalid escape"),
        }))
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, Error> {
        let Some(digits) = self.text.as_bytes().get(self.pos..self.pos + 4) else {
            self.pos = self.text.len();
            return self.fail("EOF while parsing a string");
        };
        let mut unit = 0;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return self.fail("invalid escape"),
            };
            unit = unit * 16 + u32::from(v);
        }
        self.pos += 4;
        Ok(unit)
    }

    /// A number's text, checked against JSON's grammar (`-`? integer,
    /// fraction?, exponent?) but not converted: integers beyond `i64` stay
    /// exact.
    pub fn number(&mut self) -> Result<&'a str, Error> {
        self.peek();
        let text = self.text;
        let bytes = text.as_bytes();
        let start = self.pos;
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i > from
        };
        let mut i = start;
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'0') => {
                i += 1;
                if bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    self.pos = i;
                    return self.fail("invalid number");
                }
            }
            Some(b'1'..=b'9') => {
                digits(&mut i);
            }
            _ => {
                self.pos = i;
                return self.fail("invalid number");
            }
        }
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            if !digits(&mut i) {
                self.pos = i;
                return self.fail("invalid number");
            }
        }
        if let Some(b'e' | b'E') = bytes.get(i) {
            i += 1;
            if let Some(b'+' | b'-') = bytes.get(i) {
                i += 1;
            }
            if !digits(&mut i) {
                self.pos = i;
                return self.fail("invalid number");
            }
        }
        self.pos = i;
        Ok(&text[start..i])
    }

    /// `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, Error> {
        self.peek();
        let rest = &self.text.as_bytes()[self.pos..];
        if rest.starts_with(b"true") {
            self.pos += 4;
            Ok(true)
        } else if rest.starts_with(b"false") {
            self.pos += 5;
            Ok(false)
        } else {
            self.fail("expected `true` or `false`")
        }
    }

    /// `null`.
    pub fn null(&mut self) -> Result<(), Error> {
        self.peek();
        if self.text.as_bytes()[self.pos..].starts_with(b"null") {
            self.pos += 4;
            Ok(())
        } else {
            self.fail("expected `null`")
        }
    }

    /// Skips one value of any kind, checking its syntax as for a value
    /// nobody reads: escapes need only be well-formed and nesting is not
    /// bounded (the walk does not recurse).
    pub fn skip(&mut self) -> Result<(), Error> {
        self.walk(false)
    }

    /// Checks one value of any kind as a value that is read would be
    /// (nesting bounded, `\u` surrogates paired, numbers within `f64`) and
    /// gives its text.
    pub fn raw_value(&mut self) -> Result<&'a str, Error> {
        self.peek();
        let start = self.pos;
        self.walk(true)?;
        Ok(&self.text[start..self.pos])
    }

    fn walk(&mut self, strict: bool) -> Result<(), Error> {
        let mut frames = std::mem::take(&mut self.frames);
        frames.clear();
        let walked = self.walk_with(&mut frames, strict);
        self.frames = frames;
        walked
    }

    fn walk_with(&mut self, frames: &mut Vec<bool>, strict: bool) -> Result<(), Error> {
        loop {
            // A value starts here.
            match self.kind()? {
                kind @ (Kind::Object | Kind::Array) => {
                    if strict && self.depth + frames.len() + 1 >= MAX_DEPTH {
                        return self.fail("recursion limit exceeded");
                    }
                    self.pos += 1;
                    let object = kind == Kind::Object;
                    let close = if object { b'}' } else { b']' };
                    if self.peek() == Some(close) {
                        self.pos += 1;
                    } else {
                        frames.push(object);
                        if object {
                            self.key(strict)?;
                        }
                        continue;
                    }
                }
                Kind::String => {
                    self.scan_string(false, strict)?;
                }
                Kind::Number => {
                    let at = self.pos;
                    let number = self.number()?;
                    if strict && !crate::num::parse_f64(number).is_some_and(f64::is_finite) {
                        return Err(Error {
                            offset: at,
                            message: "number out of range",
                        });
                    }
                }
                Kind::Bool => {
                    self.boolean()?;
                }
                Kind::Null => self.null()?,
            }
            // A value ended here: close what it ends, up to the next value.
            loop {
                let Some(&object) = frames.last() else {
                    return Ok(());
                };
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        if object {
                            self.key(strict)?;
                        } else if self.peek() == Some(b']') {
                            return self.fail("trailing comma");
                        }
                        break;
                    }
                    Some(b'}') if object => {
                        self.pos += 1;
                        frames.pop();
                    }
                    Some(b']') if !object => {
                        self.pos += 1;
                        frames.pop();
                    }
                    Some(_) if object => return self.fail("expected `,` or `}`"),
                    Some(_) => return self.fail("expected `,` or `]`"),
                    None if object => return self.fail("EOF while parsing an object"),
                    None => return self.fail("EOF while parsing a list"),
                }
            }
        }
    }
}

/// A whole JSON value, for answers read as a tree (error bodies, the
/// gateway's session answer). Numbers keep their text; an object keeps its
/// members in the text's order, repeated keys included.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The value of member `key` of an object (the last one, where a key is
    /// repeated); `None` for a missing key or a value that is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().rev().find(|(k, _)| k == key).map(|m| &m.1),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The compact JSON text of the value, written as `serde_json` writes a
    /// parsed value: object keys sorted and each once (its last value),
    /// numbers in their canonical form (see [`number_text`]).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(&number_text(n).unwrap_or_default()),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(members) => {
                let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
                out.push('{');
                for (i, at) in crate::order::last_of_each_key(&keys)
                    .into_iter()
                    .enumerate()
                {
                    if i > 0 {
                        out.push(',');
                    }
                    let (key, value) = &members[at];
                    write_string(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// Reads one value whole, checked as `serde_json` checks a parsed value
/// (nesting bounded, `\u` surrogates paired, numbers within `f64`).
pub fn read_value(r: &mut Reader<'_>) -> Result<Value, Error> {
    Ok(match r.kind()? {
        Kind::Null => r.null().map(|()| Value::Null)?,
        Kind::Bool => Value::Bool(r.boolean()?),
        Kind::String => Value::String(r.string()?),
        Kind::Number => {
            let offset = r.offset();
            let text = r.number()?;
            if number_text(text).is_none() {
                return Err(Error {
                    offset,
                    message: "number out of range",
                });
            }
            Value::Number(text.to_string())
        }
        Kind::Array => {
            let mut items = Vec::new();
            r.array(&mut |r| {
                items.push(read_value(r)?);
                Ok(())
            })?;
            Value::Array(items)
        }
        Kind::Object => {
            let mut members = Vec::new();
            r.object(&mut |key, r| {
                let value = read_value(r)?;
                members.push((key.to_string(), value));
                Ok(())
            })?;
            Value::Object(members)
        }
    })
}

/// A whole text as one [`Value`].
pub fn parse_value(text: &str) -> Result<Value, Error> {
    parse(text, read_value)
}

/// A number's text (as [`Reader::number`] gives it) as `serde_json` prints
/// the number it parses: an integer within `u64`/`i64` as such, any other
/// number as the shortest `f64` text (`1E2` → `100.0`, `-0` → `-0.0`);
/// `None` beyond `f64`.
pub fn number_text(text: &str) -> Option<String> {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(u) = text.parse::<u64>() {
            return Some(u.to_string());
        }
        if let Ok(i) = text.parse::<i64>() {
            if i < 0 {
                return Some(i.to_string());
            }
        }
    }
    let f = crate::num::parse_f64(text).filter(|f| f.is_finite())?;
    Some(zmij::Buffer::new().format_finite(f).to_string())
}

/// `s` as a JSON string, escaped as `serde_json` escapes it: `"` and `\`,
/// the short escapes for backspace, form feed, newline, carriage return and
/// tab, `\u00XX` for other control characters; everything else as it is.
pub fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(HEX[(c as usize) >> 4] as char);
                out.push(HEX[(c as usize) & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string(text: &str) -> Result<String, Error> {
        parse(text, |r| r.string())
    }

    fn skipped(text: &str) -> Result<(), Error> {
        parse(text, |r| r.skip())
    }

    fn number(text: &str) -> Result<String, Error> {
        parse(text, |r| r.number().map(str::to_string))
    }

    fn checked(text: &str) -> Result<(), Error> {
        parse(text, |r| r.raw_value().map(drop))
    }

    /// Reads every array and object by recursion, as typed readers do.
    fn read_all(r: &mut Reader<'_>) -> Result<(), Error> {
        match r.kind()? {
            Kind::Object => r.object(&mut |_, r| read_all(r)),
            Kind::Array => r.array(&mut |r| read_all(r)),
            Kind::String => r.string().map(drop),
            Kind::Number => r.number().map(drop),
            Kind::Bool => r.boolean().map(drop),
            Kind::Null => r.null(),
        }
    }

    /// Reads the whole of `text` with `read`.
    fn with(
        text: &str,
        read: &mut dyn FnMut(&mut Reader<'_>) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let mut r = Reader::new(text);
        read(&mut r)?;
        r.end()
    }

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn escapes_and_surrogate_pairs() {
        assert_eq!(
            string(r#""a\"b\\c\/d\be\ff\ng\rh\ti""#).unwrap(),
            "a\"b\\c/d\u{8}e\u{c}f\ng\rh\ti"
        );
        assert_eq!(string(r#""\u00e9\u4E2D""#).unwrap(), "é中");
        assert_eq!(string(r#""x\ud83d\ude00y""#).unwrap(), "x😀y");
        assert_eq!(string(r#""plain 中文""#).unwrap(), "plain 中文");
        assert_eq!(string(r#""""#).unwrap(), "");
        // Keys are unescaped too.
        let mut keys = Vec::new();
        with(r#"{"a\u0062":1,"\ud83d\ude00":2}"#, &mut |r| {
            r.object(&mut |key, r| {
                keys.push(key.to_string());
                r.skip()
            })
        })
        .unwrap();
        assert_eq!(keys, ["ab", "😀"]);
    }

    #[test]
    fn invalid_escapes_are_errors() {
        for text in [
            r#""\x""#,
            r#""\u12G4""#,
            r#""\'""#,
            r#""\U0041""#,
            r#""\u00""#,
        ] {
            assert!(string(text).is_err(), "{text}");
            assert!(skipped(text).is_err(), "{text}");
            assert!(serde_json::from_str::<String>(text).is_err(), "{text}");
        }
        let e = string(r#""ab\q""#).unwrap_err();
        assert_eq!(e.message, "invalid escape");
        assert_eq!(e.offset, 5);
    }

    #[test]
    fn lone_surrogates_are_refused_where_read() {
        for text in [
            r#""\ud800""#,
            r#""\udc00""#,
            r#""\ud800\u0041""#,
            r#""\ud800\ud800""#,
            r#""\ud800x""#,
            r#""\ud800\n""#,
        ] {
            assert!(string(text).is_err(), "{text}");
            assert!(checked(text).is_err(), "{text}");
            assert!(serde_json::from_str::<String>(text).is_err(), "{text}");
            // A skipped string needs only well-formed escapes, as serde_json
            // ignores it.
            assert!(skipped(text).is_ok(), "{text}");
            assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok());
        }
        // Keys that are read are strings that are read.
        assert!(parse(r#"{"\udc00":1}"#, |r| r.object(&mut |_, r| r.skip())).is_err());
    }

    #[test]
    fn numbers_are_given_as_their_text() {
        for text in [
            "0",
            "-0",
            "12",
            "-12",
            "1.5",
            "-0.25e-3",
            "1E+2",
            "6.02e23",
            "9223372036854775808",
            "-9223372036854775809",
            "123456789012345678901234567890",
        ] {
            assert_eq!(number(text).unwrap(), text);
        }
        assert_eq!(
            number(" 18446744073709551616 ").unwrap(),
            "18446744073709551616"
        );
        for text in [
            "01", "-", "+1", ".5", "1.", "1.e5", "1e", "1e+", "-a", "0x10", "1.5.5", "NaN",
        ] {
            assert!(number(text).is_err(), "{text}");
            assert!(skipped(text).is_err(), "{text}");
            assert!(serde_json::from_str::<serde::de::IgnoredAny>(text).is_err());
        }
        // Out of `f64` range: a number that is read is refused, as by
        // serde_json; one that is skipped is not.
        assert!(checked("1e400").is_err());
        assert!(checked(&"9".repeat(400)).is_err());
        assert!(skipped("1e400").is_ok());
        assert!(checked("1e-400").is_ok());
        assert!(serde_json::from_str::<serde_json::Value>("1e400").is_err());
    }

    #[test]
    fn literals() {
        assert!(parse(" true ", |r| r.boolean()).unwrap());
        assert!(!parse("false", |r| r.boolean()).unwrap());
        assert!(parse("null", |r| r.null()).is_ok());
        for text in ["tru", "True", "nul", "nulll", "f", "truefalse"] {
            assert!(skipped(text).is_err(), "{text}");
        }
    }

    #[test]
    fn nesting_is_bounded_where_read() {
        let deepest = nested(MAX_DEPTH - 1);
        let too_deep = nested(MAX_DEPTH);
        assert!(parse(&deepest, read_all).is_ok());
        assert!(checked(&deepest).is_ok());
        let e = parse(&too_deep, read_all).unwrap_err();
        assert_eq!(e.message, "recursion limit exceeded");
        assert!(checked(&too_deep).is_err());
        // The same bound as serde_json's on a parsed value.
        assert!(serde_json::from_str::<serde_json::Value>(&deepest).is_ok());
        assert!(serde_json::from_str::<serde_json::Value>(&too_deep).is_err());
        // Inside an object that is read, the bound counts the levels around.
        let inside = format!(r#"{{"a":{}}}"#, nested(MAX_DEPTH - 1));
        assert!(parse(&inside, |r| r.object(&mut |_, r| r.raw_value().map(drop))).is_err());
        assert!(parse(&inside, |r| r.object(&mut |_, r| r.skip())).is_ok());
        // A skipped value is walked without recursion, at any depth.
        let hostile = format!(r#"{{"a":{},"b":1}}"#, nested(200_000));
        let mut b = None;
        with(&hostile, &mut |r| {
            r.object(&mut |key, r| {
                if key == "b" {
                    b = Some(r.number()?.to_string());
                    Ok(())
                } else {
                    r.skip()
                }
            })
        })
        .unwrap();
        assert_eq!(b.as_deref(), Some("1"));
        assert!(parse(&hostile, read_all).is_err());
        let unclosed = "[{\"a\":".repeat(100_000);
        assert!(skipped(&unclosed).is_err());
        assert!(parse(&unclosed, read_all).is_err());
    }

    #[test]
    fn trailing_characters_are_errors() {
        assert!(skipped(" {} \n\t\r").is_ok());
        for text in ["{} x", "{}{}", "1 2", "\"a\" \"b\"", "[],", "null\u{a0}"] {
            let e = skipped(text).unwrap_err();
            assert_eq!(e.message, "trailing characters", "{text}");
        }
        assert_eq!(skipped("{} x").unwrap_err().offset, 3);
    }

    #[test]
    fn skip_passes_over_nested_values() {
        let text =
            r#"{"a":[1,{"b":[true,null,"x\"]}",{}],"c":{}},[]],"d":{"e":{"f":[[]]}},"c":-2.5e1}"#;
        let mut seen = Vec::new();
        with(text, &mut |r| {
            r.object(&mut |key, r| {
                if key == "c" {
                    seen.push(r.number()?.to_string());
                    Ok(())
                } else {
                    r.skip()
                }
            })
        })
        .unwrap();
        assert_eq!(seen, ["-2.5e1"]);
        assert_eq!(
            parse(r#" [1, {"a": "b"}] "#, |r| r
                .raw_value()
                .map(str::to_string))
            .unwrap(),
            r#"[1, {"a": "b"}]"#
        );
    }

    #[test]
    fn repeated_keys_are_all_given_in_order() {
        // Callers that assign each member keep the last one, as a parsed
        // `serde_json::Value` does.
        let mut last = None;
        let mut count = 0;
        with(r#"{"id":"a","id":"b"}"#, &mut |r| {
            r.object(&mut |key, r| {
                assert_eq!(key, "id");
                count += 1;
                last = Some(r.string()?);
                Ok(())
            })
        })
        .unwrap();
        assert_eq!((count, last.as_deref()), (2, Some("b")));
    }

    #[test]
    fn hostile_texts_are_errors_not_panics() {
        for text in [
            "",
            "   ",
            "\"unterminated",
            "\"ends in escape\\",
            "\"\\u12",
            "\"tab\tinside\"",
            "\"newline\ninside\"",
            "\"nul\u{0}inside\"",
            "{",
            "[",
            "{\"a\"",
            "{\"a\":",
            "{\"a\":1",
            "{\"a\" 1}",
            "{a:1}",
            "{1:1}",
            "{\"a\":1,}",
            "[1,]",
            "[1 2]",
            "[}",
            "{]",
            "{\"a\":1]",
            "[1}",
            ",",
            "]",
            "<html>",
            "\u{feff}{}",
        ] {
            assert!(skipped(text).is_err(), "{text:?}");
            assert!(checked(text).is_err(), "{text:?}");
            assert!(parse(text, read_all).is_err(), "{text:?}");
            assert!(
                serde_json::from_str::<serde::de::IgnoredAny>(text).is_err(),
                "{text:?}"
            );
        }
        let e = string("\"a\u{1}\"").unwrap_err();
        assert_eq!(
            e.message,
            "control character (\\u0000-\\u001F) found while parsing a string"
        );
        assert_eq!(e.offset, 2);
        assert_eq!(
            string("\"abc").unwrap_err().message,
            "EOF while parsing a string"
        );
    }

    #[test]
    fn agrees_with_serde_json_on_what_is_json() {
        let texts = [
            r#"{"a":[1,2,{"b":null}],"c":"\u00e9","d":-0.5E-2,"e":true}"#,
            r#"[[],[[]],{},{"":""}]"#,
            " \t\r\n0 ",
            r#"{"a":"\ud800"}"#,
            r#"{"a" : [ 1 , 2 ] , "b" : { } }"#,
            r#"{"a":[1,2,}"#,
            r#"{"a":01}"#,
            r#"["\/\b\f\n\r\t\"\\"]"#,
            "[1e5,1E-5,-0,0.0]",
            "[-]",
            "{\"a\":1}}",
        ];
        for text in texts {
            assert_eq!(
                skipped(text).is_ok(),
                serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok(),
                "skip of {text}"
            );
            assert_eq!(
                checked(text).is_ok(),
                serde_json::from_str::<serde_json::Value>(text).is_ok(),
                "check of {text}"
            );
        }
    }

    #[test]
    fn errors_say_where() {
        let e = skipped(r#"{"a":[1,2 3]}"#).unwrap_err();
        assert_eq!(e.message, "expected `,` or `]`");
        assert_eq!(e.offset, 10);
        assert_eq!(e.to_string(), "expected `,` or `]` at byte 10");
        let e = parse("[1]", |r| r.object(&mut |_, r| r.skip())).unwrap_err();
        assert_eq!(e.message, "expected an object");
    }

    #[test]
    fn values_are_written_as_serde_json_writes_them() {
        for text in [
            r#"{"b":1,"a":[1.5,-0,1E2,"x\"\\\/\b\f\n\r\t\u0001\u007f\u00e9😀"],"c":{"z":null,"y":true,"z":false}}"#,
            r#"[18446744073709551615,-9223372036854775808,9223372036854775808,-9223372036854775809]"#,
            r#"[0.1,1e21,1e-7,123456789012345678901234567890,2.50,1e308,-1.5e-3,6.02e23]"#,
            r#"{"":{"":[]}," ":{}}"#,
            "\"\\u001f\\u0000 \\ud83d\\ude00\"",
            "true",
            "null",
        ] {
            let ours = parse_value(text).unwrap().to_json();
            let theirs = serde_json::from_str::<serde_json::Value>(text)
                .unwrap()
                .to_string();
            assert_eq!(ours, theirs, "{text}");
        }
        // Numbers are read correctly rounded, where serde_json's default
        // reading may be one unit off in the last place.
        assert_eq!(parse_value("-1.5e-300").unwrap().to_json(), "-1.5e-300");
        let mut out = String::new();
        write_string(&mut out, "a\u{1b}b");
        assert_eq!(out, r#""a\u001bb""#);
    }

    #[test]
    fn values_are_checked_as_serde_json_checks_them() {
        for text in [
            "1e400",
            r#"{"a":"\ud800"}"#,
            r#"{"a":1,}"#,
            "[1] x",
            "",
            r#"{"a" 1}"#,
            "\"bad \\q escape\"",
            "[\"\\u12\"]",
        ] {
            assert!(parse_value(text).is_err(), "{text}");
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "{text}"
            );
        }
        assert!(parse_value(&nested(MAX_DEPTH - 1)).is_ok());
        assert_eq!(
            parse_value(&nested(MAX_DEPTH)).unwrap_err().message,
            "recursion limit exceeded"
        );
        assert!(parse_value(&"[".repeat(1_000_000)).is_err());
        let object = format!("{}{}", r#"{"a":"#.repeat(200_000), "}".repeat(200_000));
        assert!(parse_value(&object).is_err());
        let v = parse_value(r#"{"k":1,"k":"last","o":{"x":null}}"#).unwrap();
        assert_eq!(v.get("k").and_then(Value::as_str), Some("last"));
        assert!(v.get("o").unwrap().is_object());
        assert!(v.get("o").unwrap().get("x").unwrap().is_null());
        assert_eq!(v.get("missing"), None);
        assert_eq!(Value::Null.get("k"), None);
    }
}
