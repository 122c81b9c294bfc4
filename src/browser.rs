//! Thin wrappers over the browser APIs the app needs, so components stay free of web-sys detail.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn window() -> web_sys::Window {
    web_sys::window().expect("Praxis runs in a browser window")
}

/// Milliseconds since the Unix epoch, from the browser clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A new random id: 32 lowercase hex digits. Uses `getRandomValues`, which (unlike
/// `randomUUID`) also works on plain-HTTP LAN addresses.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    let crypto = window().crypto().expect("the Web Crypto API is available");
    crypto
        .get_random_values_with_u8_array(&mut bytes)
        .expect("random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn local_storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// A small preference kept in localStorage (never records: those live in IndexedDB).
pub fn preference(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Saves or (with `None`) clears a preference. Failures (storage disabled) are ignored: a
/// preference is a convenience, never data.
pub fn set_preference(key: &str, value: Option<&str>) {
    if let Some(storage) = local_storage() {
        let _ = match value {
            Some(value) => storage.set_item(key, value),
            None => storage.remove_item(key),
        };
    }
}

/// Reloads the page, which loads the newest build the server has (the service worker fetches
/// pages network first).
pub fn reload() {
    let _ = window().location().reload();
}

/// Whether the browser believes it is online.
pub fn is_online() -> bool {
    window().navigator().on_line()
}

/// Sets an attribute on the root `<html>` element (theme switching).
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = match value {
            Some(value) => root.set_attribute(name, value),
            None => root.remove_attribute(name),
        };
    }
}

/// Offers `text` to the user as a file download.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    download_parts(
        file_name,
        mime,
        &js_sys::Array::of1(&JsValue::from_str(text)),
    )
}

/// Offers `bytes` (a spreadsheet, an archive) to the user as a file download.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let array = js_sys::Uint8Array::from(bytes);
    download_parts(file_name, mime, &js_sys::Array::of1(&array))
}

fn download_parts(file_name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(parts, &options)
        .map_err(|_| "the browser could not prepare the file".to_owned())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "the browser could not prepare the download".to_owned())?;
    let document = window().document().ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "no link element")?
        .unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Reads a chosen file as text.
pub async fn read_file_text(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text())
        .await
        .map_err(|_| "the file could not be read")?;
    text.as_string()
        .ok_or_else(|| "the file is not text".to_owned())
}

/// Reads a chosen file's bytes.
pub async fn read_file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| "the file could not be read")?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Registers the service worker that caches the app shell for offline use. Absent support
/// (or a failure) only means no offline start; the app itself is unaffected.
pub fn register_service_worker() {
    let navigator = window().navigator();
    if js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        let _ = navigator.service_worker().register("/sw.js");
    }
}

/// What the browser says about keeping this site's data.
#[derive(Debug, Clone, PartialEq)]
pub struct StorageReport {
    /// `Some(true)` when the browser promised not to evict the data; `None` if it cannot say.
    pub persisted: Option<bool>,
    pub usage_bytes: Option<f64>,
    pub quota_bytes: Option<f64>,
}

fn storage_manager() -> Option<web_sys::StorageManager> {
    let navigator = window().navigator();
    js_sys::Reflect::has(&navigator, &JsValue::from_str("storage"))
        .unwrap_or(false)
        .then(|| navigator.storage())
}

/// Asks the browser to keep this site's data even under storage pressure.
pub async fn request_persistent_storage() -> Option<bool> {
    let promise = storage_manager()?.persist().ok()?;
    JsFuture::from(promise).await.ok()?.as_bool()
}

/// Reads persistence and the usage/quota estimate.
pub async fn storage_report() -> StorageReport {
    let Some(manager) = storage_manager() else {
        return StorageReport {
            persisted: None,
            usage_bytes: None,
            quota_bytes: None,
        };
    };
    let persisted = match manager.persisted() {
        Ok(promise) => JsFuture::from(promise).await.ok().and_then(|v| v.as_bool()),
        Err(_) => None,
    };
    let estimate = match manager.estimate() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .map(|value| value.unchecked_into::<web_sys::StorageEstimate>()),
        Err(_) => None,
    };
    StorageReport {
        persisted,
        usage_bytes: estimate.as_ref().and_then(|e| e.get_usage()),
        quota_bytes: estimate.as_ref().and_then(|e| e.get_quota()),
    }
}

/// An instant to the minute in the browser's time zone at that instant (daylight saving
/// included), as `2026-12-03 15:50`; formatted in Rust, which is many times quicker than
/// the browser's locale formatting for a long list.
pub fn short_time(ms: i64) -> String {
    let offset = -js_sys::Date::new(&JsValue::from_f64(ms as f64)).get_timezone_offset();
    praxis_core::date::format_minute(ms, offset as i64)
}

/// An instant to the second in the browser's time zone, as `2026-12-03 15:50:12`: the lists'
/// format with seconds, for histories and logs.
pub fn format_time(ms: i64) -> String {
    format!(
        "{}:{:02}",
        short_time(ms),
        ms.div_euclid(1_000).rem_euclid(60)
    )
}

/// An instant as a `datetime-local` input holds it, in the browser's time zone:
/// `2026-12-09T10:05`.
pub fn local_input_time(ms: i64) -> String {
    short_time(ms).replacen(' ', "T", 1)
}

/// A `datetime-local` input's value (read in the browser's time zone, as the input shows it)
/// as Unix ms; `None` when it holds no complete date and time.
pub fn parse_local_input_time(text: &str) -> Option<i64> {
    let text = text.trim();
    // Date parses a date without a time as UTC midnight: demand the time.
    if text.len() < 16 || !text.contains('T') {
        return None;
    }
    let ms = js_sys::Date::new(&JsValue::from_str(text)).get_time();
    (!ms.is_nan()).then_some(ms as i64)
}

/// The browser's offset from UTC now, in minutes (east positive: 60 in Paris in winter).
pub fn utc_offset_minutes() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}

/// Today's local date as `YYYY-MM-DD`.
pub fn today() -> String {
    let date = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date()
    )
}

/// Asks a yes/no question with the browser's own dialog (keyboard-accessible, modal).
pub fn confirm(question: &str) -> bool {
    window().confirm_with_message(question).unwrap_or(false)
}

/// Opens the browser's print dialog (where "Save as PDF" lives).
pub fn print() {
    let _ = window().print();
}

/// Brings the element with this id into view: opens the `<details>` it is folded into, scrolls
/// to it and moves the keyboard focus there.
pub fn reveal(element_id: &str) {
    let Some(element) = window()
        .document()
        .and_then(|d| d.get_element_by_id(element_id))
    else {
        return;
    };
    if let Ok(Some(folded)) = element.closest("details")
        && let Ok(details) = folded.dyn_into::<web_sys::HtmlDetailsElement>()
    {
        details.set_open(true);
    }
    element.scroll_into_view();
    if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
        let _ = element.focus();
    }
}

/// Today, as the browser's calendar has it.
pub fn today_date() -> praxis_core::date::Date {
    praxis_core::date::Date::parse(&today()).expect("the browser's date")
}
