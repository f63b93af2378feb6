//! `breakable`: an id, image or flavor name that wraps where people read
//! it, after `/`, `-`, `_`, `.` and `:`, instead of inside a word. The breaks
//! are `<wbr>` elements, so the text copies exactly as the provider sent it.

/// The pieces of `text` with a break opportunity after each separator; a
/// separator between two digits (`1.0`, `10:30`) keeps its number whole.
pub fn break_segments(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut segments = Vec::new();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !matches!(b, b'/' | b'-' | b'_' | b'.' | b':') {
            continue;
        }
        let digit_before = i > 0 && bytes[i - 1].is_ascii_digit();
        let digit_after = bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if (digit_before && digit_after) || i + 1 == bytes.len() {
            continue;
        }
        // Separators are ASCII, so `i + 1` is a char boundary.
        segments.push(&text[start..=i]);
        start = i + 1;
    }
    segments.push(&text[start..]);
    segments
}

/// Writes `text` into `el` (for `use:breakable=text` on an empty element),
/// with a `<wbr>` after each separator: straight into the element, which
/// costs a table row far less than a view per piece.
pub fn breakable(el: web_sys::Element, text: String) {
    // A view that is built again writes its text afresh.
    el.set_text_content(None);
    let doc = el.owner_document();
    for (i, segment) in break_segments(&text).into_iter().enumerate() {
        if i > 0 {
            if let Some(wbr) = doc.as_ref().and_then(|d| d.create_element("wbr").ok()) {
                let _ = el.append_child(&wbr);
            }
        }
        let _ = el.append_with_str_1(segment);
    }
}

#[cfg(test)]
mod tests {
    use super::break_segments;

    #[test]
    fn breaks_after_separators_but_not_inside_numbers() {
        assert_eq!(
            break_segments("DE-7d558ef8-c73d"),
            ["DE-", "7d558ef8-", "c73d"]
        );
        assert_eq!(
            break_segments("Multi-Engine 1.0 (python3)-gpu"),
            ["Multi-", "Engine 1.0 (python3)-", "gpu"]
        );
        assert_eq!(
            break_segments("swr.cn-north-4/atelier/img:1.0.0"),
            ["swr.", "cn-", "north-", "4/", "atelier/", "img:", "1.0.0"]
        );
        assert_eq!(
            break_segments("Instances_2204208761"),
            ["Instances_", "2204208761"]
        );
        assert_eq!(break_segments("trailing-"), ["trailing-"]);
        assert_eq!(break_segments("名称-中文"), ["名称-", "中文"]);
        assert_eq!(break_segments(""), [""]);
    }
}
