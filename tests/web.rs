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

/// Lets effects, storage and re-renders run until `done` holds (at most 5 s).
async fn until(done: impl Fn() -> bool) {
    for _ in 0..250 {
        yew::scheduler::flush().await;
        if done() {
            return;
        }
        gloo::timers::future::TimeoutFuture::new(20).await;
    }
}

fn mount() -> web_sys::Element {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    root
}

#[wasm_bindgen_test]
async fn opens_on_the_example_and_keeps_a_named_new_register_across_a_restart() {
    let request = web_sys::window().unwrap().indexed_db().unwrap().unwrap().delete_database("rampart").unwrap();
    let deleted = js_sys::Promise::new(&mut |resolve, _| request.set_onsuccess(Some(&resolve)));
    wasm_bindgen_futures::JsFuture::from(deleted).await.unwrap();
    let root = mount();
    until(|| !text("h1.register-name").is_empty()).await;
    assert_eq!(text("h1.register-name"), "Online banking: operational resilience register");
    assert!(text("#bands-title").contains("Threats by band (23)"), "{}", text("#bands-title"));

    let buttons = document().query_selector_all(".toolbar button").unwrap();
    let new_button = (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .find(|b| b.text_content().as_deref() == Some("New register"))
        .expect("a New register button");
    new_button.click();
    until(|| document().query_selector("#new-register-name").unwrap().is_some()).await;
    let name: web_sys::HtmlInputElement =
        document().query_selector("#new-register-name").unwrap().unwrap().dyn_into().unwrap();
    name.set_value("Plant 3");
    let create: web_sys::HtmlElement =
        document().query_selector(".new-register button[type=submit]").unwrap().unwrap().dyn_into().unwrap();
    create.click();
    until(|| text("h1.register-name") == "Plant 3").await;
    assert_eq!(text("h1.register-name"), "Plant 3");
    // Once saved, start the app again: it restores what was saved.
    let saved = || {
        document().query_selector(".shell").unwrap().and_then(|e| e.get_attribute("data-saved")).as_deref()
            == Some("true")
    };
    until(saved).await;
    assert!(saved(), "the new register was saved");
    root.remove();
    let root = mount();
    until(|| !text("h1.register-name").is_empty()).await;
    assert_eq!(text("h1.register-name"), "Plant 3");
    root.remove();
}

mod form_kit {
    use super::*;
    use rampart_app::app::form_kit::Notes;
    use rampart_app::app::same::Same;
    use rampart_app::{choice, Field, LevelSelect, NodeSelect, NotFound};
    use rampart_core::model::{AgreementKind, RiskKind, Treatment};
    use std::rc::Rc;
    use yew::prelude::*;

    #[function_component(Fields)]
    fn fields() -> Html {
        let blocking = Notes(vec![("Id: taken".into(), true), ("Unusual".into(), false)]);
        let warning = Notes(vec![("RTO above MTPD".into(), false)]);
        html! {
            <>
                <Field id="a" label="Id" value="R-1" notes={blocking} oninput={Callback::noop()} />
                <Field id="b" label="RTO" value="8" notes={warning} oninput={Callback::noop()} />
                <Field id="c" label="Description" value="Two\nlines" kind="textarea" oninput={Callback::noop()} wide=true />
                <NotFound what="risk" id="R-9" back="#/risks" back_label="Back" />
            </>
        }
    }

    fn attr(selector: &str, name: &str) -> Option<String> {
        document().query_selector(selector).unwrap().and_then(|e| e.get_attribute(name))
    }

    #[wasm_bindgen_test]
    async fn a_field_shows_its_notes_and_is_invalid_only_when_one_blocks() {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<Fields>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        // The label names the input; its notes describe it.
        assert_eq!(attr("label[for=a]", "for").as_deref(), Some("a"));
        assert_eq!(attr("#a", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(attr("#a", "aria-describedby").as_deref(), Some("a-notes"));
        assert_eq!(text("#a-problem"), "Id: taken");
        assert_eq!(text("#a-notes .warning"), "Unusual");
        // A warning alone describes the input without making it invalid.
        assert_eq!(attr("#b", "aria-invalid"), None);
        assert_eq!(attr("#b", "aria-describedby").as_deref(), Some("b-notes"));
        // Nothing said: no description, no notes element.
        assert_eq!(attr("#c", "aria-describedby"), None);
        assert!(document().query_selector("#c-notes").unwrap().is_none());
        assert_eq!(document().query_selector("#c").unwrap().unwrap().tag_name(), "TEXTAREA");
        assert!(document().query_selector(".field.wide #c").unwrap().is_some());
        assert!(text("section h2").contains("No risk has the id R-9"));
        assert_eq!(attr("section a", "href").as_deref(), Some("#/risks"));
        root.remove();
    }

    #[function_component(Selects)]
    fn selects() -> Html {
        let register = Rc::new(
            rampart_core::import(
                r#"{"format": "rampart-register", "version": 1, "name": "t",
                    "services": [{"id": "db", "name": "Database"}, {"id": "web", "name": "Web"}]}"#,
            )
            .unwrap(),
        );
        let labels = Rc::new(vec!["Low".to_string(), "High".to_string()]);
        html! {
            <>
                <NodeSelect id="n1" value="gone" register={Same::of(&register)} except={Some(AttrValue::from("web"))} onchange={Callback::noop()} />
                <LevelSelect id="l1" value="7" labels={labels.clone()} onchange={Callback::noop()} />
                <LevelSelect id="l2" value="" labels={labels} placeholder="Choose…" onchange={Callback::noop()} />
                {choice("k1".into(), "Kind".into(), AgreementKind::ALL, None, "ola", Callback::noop())}
                {choice("k2".into(), "Treatment".into(), Treatment::of(RiskKind::Threat), Some("Not decided"), "exploit", Callback::noop())}
            </>
        }
    }

    fn options(select: &str) -> Vec<String> {
        let list = document().query_selector_all(&format!("{select} option")).unwrap();
        (0..list.length()).filter_map(|i| list.item(i)).filter_map(|n| n.text_content()).collect()
    }

    #[wasm_bindgen_test]
    async fn selects_offer_the_register_and_the_scale_and_keep_a_value_that_names_nothing() {
        let root = document().create_element("div").unwrap();
        document().body().unwrap().append_child(&root).unwrap();
        yew::Renderer::<Selects>::with_root(root.clone()).render();
        yew::scheduler::flush().await;
        assert_eq!(options("#n1"), ["Choose a node…", "db — Database", "gone (names no node)"], "not the node itself");
        assert_eq!(options("#l1"), ["1 · Low", "2 · High", "7 (outside the scale)"]);
        assert_eq!(options("#l2"), ["Choose…", "1 · Low", "2 · High"]);
        assert_eq!(options("#k1"), ["Customer SLA", "Supplier contract", "OLA"], "the core's labels, capitalised");
        assert_eq!(attr("label[for=k1]", "for").as_deref(), Some("k1"));
        assert_eq!(
            options("#k2"),
            ["Not decided", "Avoid", "Reduce", "Transfer", "Accept", "exploit (not a choice here)"],
            "a key the choice does not offer stays visible"
        );
        for (select, value) in [("#k1", "ola"), ("#k2", "exploit")] {
            let chosen: web_sys::HtmlSelectElement =
                document().query_selector(select).unwrap().unwrap().dyn_into().unwrap();
            assert_eq!(chosen.value(), value);
        }
        let chosen: web_sys::HtmlSelectElement = document().query_selector("#n1").unwrap().unwrap().dyn_into().unwrap();
        assert_eq!(chosen.value(), "gone", "the value shown is the one the file has");
        root.remove();
    }
}
