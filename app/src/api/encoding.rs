//! The wire encoding of every server function's answer: JSON, decoded from text.
//!
//! server_fn's own `Json` decodes answers with `serde_json::from_slice`, while hydration data
//! (resources) is decoded with `serde_json::from_str`. `Deserialize` is generic over the reader,
//! so the browser bundle carried every answer type's decoder twice. Decoding answers from `&str`
//! as well leaves one copy. The bytes on the wire are the same JSON with the same content type.

use serde::{de::DeserializeOwned, Serialize};
use server_fn::codec::Post;
use server_fn::Bytes;
use server_fn::{ContentType, Decodes, Encodes, Format, FormatType};

/// JSON that the browser decodes from text (see the module comment).
pub struct TextJsonEncoding;

/// The answer encoding named in every `#[server(output = TextJson)]`: a `POST` answered with
/// `application/json`.
pub type TextJson = Post<TextJsonEncoding>;

/// Why an answer could not be decoded: not UTF-8 (JSON always is), or not the expected JSON.
#[derive(Debug, thiserror::Error)]
pub enum TextJsonError {
    #[error("the answer is not UTF-8 text: {0}")]
    Utf8(#[from] std::str::Utf8Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

impl ContentType for TextJsonEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for TextJsonEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for TextJsonEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for TextJsonEncoding {
    type Error = TextJsonError;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        Ok(serde_json::from_str(std::str::from_utf8(&bytes)?)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_names_bad_input() {
        let bytes = <TextJsonEncoding as Encodes<Vec<u8>>>::encode(&vec![1, 2]).unwrap();
        assert_eq!(&bytes[..], b"[1,2]");
        let back: Vec<u8> = TextJsonEncoding::decode(bytes).unwrap();
        assert_eq!(back, vec![1, 2]);
        let not_text = <TextJsonEncoding as Decodes<Vec<u8>>>::decode(Bytes::from_static(b"\xff"));
        assert!(matches!(not_text, Err(TextJsonError::Utf8(_))));
        let not_json = <TextJsonEncoding as Decodes<Vec<u8>>>::decode(Bytes::from_static(b"[1,"));
        assert!(matches!(not_json, Err(TextJsonError::Json(_))));
    }
}
