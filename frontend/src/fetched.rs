//! `fetched`: what a page shows from the worker, fetched again whenever a
//! signal the fetch reads changes. It behaves as Leptos's `LocalResource`
//! does here (`None` until the first answer, the last answer kept while the
//! next one loads, one fetch at a time and then the latest), without its
//! generic async machinery, which the wasm would carry once per resource.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// One fetch, ready to run, that stores its answer when it ends.
type Job = Pin<Box<dyn Future<Output = ()>>>;

/// The answer of `fetch`, run now and again whenever a signal it reads while
/// making its future changes.
pub fn fetched<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> ReadSignal<Option<T>>
where
    T: Send + Sync + 'static,
    Fut: Future<Output = T> + 'static,
{
    let answer = RwSignal::new(None);
    run_in_turn(Box::new(move || {
        let fetching = fetch();
        Box::pin(async move { answer.set(Some(fetching.await)) })
    }));
    answer.read_only()
}

/// Makes a job now and whenever what `make` read changes, and runs the jobs
/// one at a time: a job made while another runs waits for it, and only the
/// latest waiting job runs. Not generic, so every `fetched` shares it.
fn run_in_turn(make: Box<dyn Fn() -> Job>) {
    #[derive(Default)]
    struct Queue {
        running: bool,
        waiting: Option<Job>,
    }
    let queue = Rc::new(RefCell::new(Queue::default()));
    Effect::new(move |_| {
        let job = make();
        let mut state = queue.borrow_mut();
        state.waiting = Some(job);
        if !state.running {
            state.running = true;
            let queue = Rc::clone(&queue);
            spawn_local(async move {
                loop {
                    let next = queue.borrow_mut().waiting.take();
                    match next {
                        Some(job) => job.await,
                        None => break,
                    }
                }
                queue.borrow_mut().running = false;
            });
        }
    });
}
