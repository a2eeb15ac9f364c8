//! Component tests in a real headless Chromium (wasm-bindgen-test).
//! Run: `cargo test --target wasm32-unknown-unknown -p rampart-app --test web`.
#![cfg(target_arch = "wasm32")]

use rampart_app::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn text(selector: &str) -> String {
    document().query_selector(selector).unwrap().and_then(|e| e.text_content()).unwrap_or_default()
}

async fn settle() {
    // Effects dispatch actions; let them run and re-render.
    for _ in 0..4 {
        yew::scheduler::flush().await;
        gloo::timers::future::TimeoutFuture::new(10).await;
    }
}

fn mount() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

#[wasm_bindgen_test]
async fn opens_on_the_example_then_a_new_register_is_saved() {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
    let root = mount();
    settle().await;
    assert_eq!(text("h1.register-name"), "Online banking: operational resilience register");
    assert!(text("#bands-title").contains("(24)"), "{}", text("#bands-title"));

    let new_button = document().query_selector_all(".toolbar button").unwrap();
    let new_button = (0..new_button.length())
        .filter_map(|i| new_button.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| b.text_content().as_deref() == Some("New register"))
        .expect("a New register button");
    new_button.click();
    settle().await;
    assert_eq!(text("h1.register-name"), "New register");
    let saved = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item("rampart.register.v1").unwrap();
    assert!(saved.unwrap_or_default().contains("\"name\": \"New register\""));
    root.remove();
}
