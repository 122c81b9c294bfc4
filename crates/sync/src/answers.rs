//! Reading the server's HTTP answers into what a round needs, the same for every transport.

use praxis_core::sync::{ApiError, Pull, PushRefused, Pushed};
use serde::de::DeserializeOwned;

use crate::transport::TransportError;

/// A push's answer: the batch taken, some changes refused (403 or 422, each with its reason),
/// or another failure with the server's sentence.
pub fn read_push_answer(status: u16, body: &[u8]) -> Result<Pushed, TransportError> {
    if matches!(status, 403 | 422)
        && let Ok(refusal) = serde_json::from_slice::<PushRefused>(body)
    {
        return Err(TransportError::Refused(refusal));
    }
    read_answer(status, body)
}

/// A pull's answer.
pub fn read_pull_answer(status: u16, body: &[u8]) -> Result<Pull, TransportError> {
    read_answer(status, body)
}

/// A success's JSON, or the failure in words: the server's own sentence when it sent one.
pub fn read_answer<T: DeserializeOwned>(status: u16, body: &[u8]) -> Result<T, TransportError> {
    if (200..300).contains(&status) {
        return serde_json::from_slice(body).map_err(|e| TransportError::Failed {
            status,
            message: format!("The server's answer is not what Praxis expects ({e})."),
        });
    }
    let message = serde_json::from_slice::<ApiError>(body)
        .map(|answer| answer.error)
        .unwrap_or_else(|_| fallback_message(status));
    Err(TransportError::Failed { status, message })
}

/// An answer with nothing to read on success (204), or the failure in words.
pub fn read_no_content(status: u16, body: &[u8]) -> Result<(), TransportError> {
    if (200..300).contains(&status) {
        return Ok(());
    }
    read_answer::<serde::de::IgnoredAny>(status, body).map(|_| ())
}

/// A fetched file's answer: its bytes, `None` when the server does not hold the file yet (404),
/// or the failure in words.
pub fn read_file_answer(status: u16, body: Vec<u8>) -> Result<Option<Vec<u8>>, TransportError> {
    match status {
        200 => Ok(Some(body)),
        404 => Ok(None),
        _ => read_no_content(status, &body).and(Err(TransportError::Failed {
            status,
            message: fallback_message(status),
        })),
    }
}

/// Words for a failure that came without the server's own (a proxy's page, say).
fn fallback_message(status: u16) -> String {
    match status {
        401 => "This device's access to the workspace was revoked or has expired.".into(),
        403 => "Your role in this workspace does not allow that.".into(),
        404 => "The server does not know this workspace (it may be a different server).".into(),
        408 | 504 => "The server took too long to answer.".into(),
        413 => "The request was too large for the server.".into(),
        429 => "The server is limiting requests; Praxis will try again shortly.".into(),
        502 | 503 => "The server is busy or unavailable right now.".into(),
        _ => format!("The server answered with HTTP status {status}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successes_are_read_and_failures_keep_the_servers_sentence() {
        let pushed = read_push_answer(200, br#"{"accepted":2,"duplicates":0,"cursor":9}"#);
        assert_eq!(pushed.unwrap().cursor, 9);
        let refused = read_push_answer(
            403,
            br#"{"error":"No.","refused":[{"change_id":"c1","reason":"Viewers cannot."}]}"#,
        );
        assert!(
            matches!(refused, Err(TransportError::Refused(r)) if r.refused[0].change_id == "c1")
        );
        let plain = read_push_answer(403, br#"{"error":"Viewers cannot change anything."}"#);
        assert_eq!(
            plain.unwrap_err(),
            TransportError::Failed {
                status: 403,
                message: "Viewers cannot change anything.".into()
            }
        );
    }

    #[test]
    fn answers_that_are_not_the_servers_json_are_failures_in_words() {
        let proxy = read_pull_answer(502, b"<html>Bad gateway</html>").unwrap_err();
        assert_eq!(
            proxy.to_string(),
            "The server is busy or unavailable right now."
        );
        let garbled = read_pull_answer(200, b"{\"changes\":").unwrap_err();
        assert!(
            garbled.to_string().contains("not what Praxis expects"),
            "{garbled}"
        );
        let revoked = read_pull_answer(401, b"").unwrap_err();
        assert!(revoked.to_string().contains("revoked"), "{revoked}");
        assert_eq!(read_no_content(204, b""), Ok(()));
        let last_owner = read_no_content(409, br#"{"error":"A workspace keeps one owner."}"#);
        assert_eq!(
            last_owner.unwrap_err().to_string(),
            "A workspace keeps one owner."
        );
        assert_eq!(
            read_file_answer(200, b"%PDF".to_vec()),
            Ok(Some(b"%PDF".to_vec()))
        );
        assert_eq!(read_file_answer(404, b"{}".to_vec()), Ok(None));
        let revoked = read_file_answer(401, br#"{"error":"Signed out."}"#.to_vec());
        assert_eq!(revoked.unwrap_err().to_string(), "Signed out.");
        assert!(
            read_file_answer(204, Vec::new()).is_err(),
            "a fetch answers with the bytes"
        );
        let teapot = read_pull_answer(418, b"").unwrap_err();
        assert!(teapot.to_string().contains("418"), "{teapot}");
    }
}
