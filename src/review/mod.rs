//! Management reviews (SPEC §9.4): the review pack and the record of each
//! review. The pack is `rampart_core::review`; the Review view and the review
//! editor are rendered by the travel module (`modules/travel/src/review_page.rs`
//! and `review_form.rs`, where their logic is tested natively), so that what
//! the page shows, prints and saves is the very page `rampart report` writes
//! and neither weighs on what loads at start. Here are the two hosts.

#[cfg(target_arch = "wasm32")]
pub mod view;
