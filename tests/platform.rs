//! What Kura asks of the browser it runs in, in a real browser (the browser
//! tier runs in Chromium and in Firefox): which engine it is, and which
//! optional APIs it lacks, each with a fallback that still lets the user work.

#![cfg(target_arch = "wasm32")]

use kura::platform::{hold_lock, is_webkit, reduced_features, web_lock, Reduced};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn webkit_is_told_from_its_user_agent() {
    let safari = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15";
    let minibrowser = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15";
    let ios_chrome = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/130.0.0.0 Mobile/15E148 Safari/604.1";
    let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0";
    assert!(is_webkit(safari), "Safari");
    assert!(is_webkit(minibrowser), "WebKitGTK's MiniBrowser");
    assert!(is_webkit(ios_chrome), "Chrome on iOS is WebKit underneath");
    assert!(
        !is_webkit(chrome),
        "Chromium keeps AppleWebKit in its user agent"
    );
    assert!(!is_webkit(firefox), "Firefox");
}

/// Hides `navigator.<name>` the way a browser without it looks.
fn hide_navigator_api(name: &str) {
    let navigator: JsValue = web_sys::window().unwrap().navigator().into();
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), &JsValue::UNDEFINED).unwrap();
    js_sys::Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(&navigator.into(), &JsValue::from_str(name), &descriptor);
}

#[wasm_bindgen_test]
async fn without_web_locks_tabs_go_on_without_taking_turns() {
    let before = reduced_features();
    assert!(
        !before.contains(&Reduced::WebLocks),
        "the test browser has Web Locks"
    );
    assert!(
        web_lock("kura-test").await.is_some(),
        "a lock while the browser has them"
    );
    hide_navigator_api("locks");
    assert!(
        reduced_features().contains(&Reduced::WebLocks),
        "named as missing"
    );
    assert!(
        web_lock("kura-test").await.is_none(),
        "no lock, and no wait"
    );
    assert!(
        hold_lock("kura-test").await.is_some(),
        "a job goes on unguarded"
    );
}
