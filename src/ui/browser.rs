//! Everything the app needs from the browser: storage, files, downloads, the
//! clipboard, today's date. Each failure comes back as a message for the user.

use rampart_core::model::Date;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Today in the browser's time zone.
pub fn today() -> Date {
    let d = js_sys::Date::new_0();
    Date::from_ymd(d.get_full_year() as i32, d.get_month() as u8 + 1, d.get_date() as u8)
        .unwrap_or_else(|| Date::from_ymd(2026, 1, 1).expect("a real date"))
}

/// The element with a `data-act` (what a button of HTML from a module does)
/// that an event came from, if any: one listener serves every such button.
pub fn acted(e: &web_sys::Event) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let target: web_sys::Element = e.target()?.dyn_into().ok()?;
    target.closest("[data-act]").ok().flatten()
}

/// Moves the keyboard focus to the element with this id, if there is one.
pub fn focus(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

/// [`focus`] once the view being drawn is on the page.
pub fn focus_soon(id: &'static str) {
    gloo::timers::callback::Timeout::new(0, move || focus(id)).forget();
}

/// Where the app keeps its example register (`crate::EXAMPLE`), beside its own files.
pub const EXAMPLE_PATH: &str = "examples/online-banking.json";

/// A file of the app's own origin, as bytes.
pub async fn fetch_bytes(path: &str) -> Result<Vec<u8>, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(path)).await.map_err(|e| js_error(&e))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "no response".to_string())?;
    if !response.ok() {
        return Err(format!("{path}: {} {}", response.status(), response.status_text()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| js_error(&e))?).await.map_err(|e| js_error(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// The `value` of the input an event came from.
pub fn value_of(e: &web_sys::Event) -> String {
    let value = e.target().and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("value")).ok());
    value.and_then(|v| v.as_string()).unwrap_or_default()
}

/// Whether the checkbox an event came from is checked.
pub fn checked_of(e: &web_sys::Event) -> bool {
    let value = e.target().and_then(|t| js_sys::Reflect::get(&t, &JsValue::from_str("checked")).ok());
    value.and_then(|v| v.as_bool()).unwrap_or_default()
}

pub fn js_error(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

/// Offers `content` as a file download named `name`; a download the browser
/// refuses is reported through `dispatch` (the register is unchanged).
pub fn offer(name: &str, content: &str, mime: &str, dispatch: &yew::Callback<crate::app::state::Action>) {
    if let Err(why) = download(name, content, mime) {
        dispatch.emit(crate::app::state::Action::ExportFailed(Some(why)));
    }
}

/// Offers `content` as a file download named `name`.
pub fn download(name: &str, content: &str, mime: &str) -> Result<(), String> {
    download_blob(name, &text_blob(content, mime)?)
}

/// `text` as a blob of type `mime`.
pub fn text_blob(text: &str, mime: &str) -> Result<web_sys::Blob, String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&js_sys::Array::of1(&JsValue::from_str(text)), &options)
        .map_err(|e| js_error(&e))
}

/// `bytes` as a blob of type `mime`.
pub fn bytes_blob(bytes: &js_sys::Uint8Array, mime: &str) -> Result<web_sys::Blob, String> {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(bytes), &options)
        .map_err(|e| js_error(&e))
}

/// Offers a blob (a register of any size, written in parts) as a download.
pub fn download_blob(name: &str, blob: &web_sys::Blob) -> Result<(), String> {
    let url = web_sys::Url::create_object_url_with_blob(blob).map_err(|e| js_error(&e))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|e| js_error(&e))?.dyn_into().map_err(|_| "not an anchor")?;
    a.set_href(&url);
    a.set_download(name);
    a.click();
    // Revoked once the download has started: at once can cancel a large one.
    let revoke = Closure::once_into_js(move || drop(web_sys::Url::revoke_object_url(&url)));
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(revoke.unchecked_ref(), 60_000);
    }
    Ok(())
}

/// A new random key: for a register in the workspace, or to name this tab.
pub fn random_key() -> String {
    let mut key = String::with_capacity(32);
    for _ in 0..4 {
        key.push_str(&format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32));
    }
    key
}

/// Milliseconds since 1970, now.
pub fn now() -> f64 {
    js_sys::Date::now()
}

/// This moment in UTC, for a calendar's time stamp.
pub fn calendar_stamp() -> rampart_core::ics::Stamp {
    let now = js_sys::Date::new_0();
    let date = rampart_core::model::Date::from_ymd(
        now.get_utc_full_year() as i32,
        now.get_utc_month() as u8 + 1,
        now.get_utc_date() as u8,
    );
    let minute = now.get_utc_hours() * 60 + now.get_utc_minutes();
    date.map_or(
        rampart_core::ics::Stamp { date: rampart_core::model::Date::from_ymd(2000, 1, 1).expect("a date"), minute: 0 },
        |date| rampart_core::ics::Stamp { date, minute },
    )
}

/// Copies text to the clipboard.
pub async fn copy(text: String) -> Result<(), String> {
    let clipboard = web_sys::window().ok_or("no window")?.navigator().clipboard();
    wasm_bindgen_futures::JsFuture::from(clipboard.write_text(&text)).await.map(|_| ()).map_err(|e| js_error(&e))
}

/// The register this tab had open (so that a reload reopens it), else the one
/// any tab opened last.
pub fn last_open() -> Option<String> {
    let window = web_sys::window()?;
    let session = window.session_storage().ok().flatten().and_then(|s| s.get_item(LAST_OPEN).ok().flatten());
    session.or_else(|| window.local_storage().ok().flatten()?.get_item(LAST_OPEN).ok().flatten())
}

pub fn remember_open(key: &str) {
    if let Some(w) = web_sys::window() {
        for s in [w.session_storage(), w.local_storage()].into_iter().filter_map(|s| s.ok().flatten()) {
            let _ = s.set_item(LAST_OPEN, key);
        }
    }
}

const LAST_OPEN: &str = "rampart.open";

/// A moment (milliseconds since 1970) as local date and time: `2026-11-30 14:05`.
pub fn local_time(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

/// The inputs of `form`, URL-encoded as a form sends them (a ticked checkbox
/// is present, an unticked one absent).
pub fn form_fields(form: &web_sys::HtmlFormElement) -> String {
    let data = web_sys::FormData::new_with_form(form).ok();
    let params = data.and_then(|d| web_sys::UrlSearchParams::new_with_str_sequence_sequence(&d).ok());
    params.map(|p| String::from(p.to_string())).unwrap_or_default()
}
