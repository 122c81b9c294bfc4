use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <section class="page" aria-labelledby="page-title">
            <h1 id="page-title">"Page not found"</h1>
            <div class="card">
                <p>"There is no page at this address."</p>
                <p><A href="/">"Go to the dashboard"</A></p>
            </div>
        </section>
    }
}
