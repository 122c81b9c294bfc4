//! The app mounted in a real browser page: it opens IndexedDB, shows the shell with its
//! landmarks and navigation, and a first visit gets the welcome page.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .and_then(|w| w.document())
        .expect("a document")
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let window = web_sys::window().expect("a window");
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timer");
}

/// Polls until `selector` matches an element whose text satisfies `want`, for up to 5 s.
async fn wait_for_text(selector: &str, want: impl Fn(&str) -> bool) -> String {
    for _ in 0..100 {
        if let Some(element) = document().query_selector(selector).expect("valid selector") {
            let text = element.text_content().unwrap_or_default();
            if want(&text) {
                return text;
            }
        }
        sleep(50).await;
    }
    panic!("no {selector} with the expected text appeared");
}

#[wasm_bindgen_test]
async fn shell_opens_storage_and_shows_landmarks_and_navigation() {
    let root: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let _mounted = leptos::mount::mount_to(root, praxis::app::App);

    let heading = wait_for_text("main h1", |t| !t.is_empty()).await;
    assert_eq!(
        heading, "Welcome to Praxis",
        "a fresh browser has no workspace yet"
    );

    let links = document()
        .query_selector_all("nav[aria-label='Main'] a")
        .expect("selector");
    let labels: Vec<String> = (0..links.length())
        .filter_map(|i| links.item(i))
        .map(|node| node.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        labels,
        [
            "Dashboard",
            "Assessments",
            "Registers",
            "Workflows",
            "Audits & certification",
            "Settings"
        ]
    );
    assert!(
        document()
            .query_selector("main#main")
            .expect("selector")
            .is_some()
    );
    assert!(
        document()
            .query_selector("a.skip-link[href='#main']")
            .expect("selector")
            .is_some()
    );
    let status = wait_for_text(".status", |t| t.contains("Saved on this device")).await;
    assert!(
        status.contains("Online") || status.contains("Offline"),
        "{status}"
    );
    assert!(
        document()
            .query_selector("label[for='new-workspace-name']")
            .expect("sel")
            .is_some()
    );
}
