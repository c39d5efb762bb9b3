//! Running work on every core, the one way the crate does it: a list of
//! jobs (files to parse, files to build), each thread taking the next job
//! when done with one (the biggest first, where sizes are known), or a
//! slice cut into one part per core (entities to search, timeline items to
//! filter). Results keep the jobs' order.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// How many cores this machine has (one when it cannot tell).
pub fn count() -> usize {
    std::thread::available_parallelism().map_or(1, |c| c.get())
}

/// Does `work` on every job (with its position), on as many threads as
/// there are cores (one: here, in order); the results are in the jobs' order.
/// A panic in a job is raised again here.
pub fn each_on_all_cores<T: Send, R: Send>(jobs: Vec<T>, work: impl Fn(usize, T) -> R + Sync) -> Vec<R> {
    let order = (0..jobs.len()).collect();
    each_in_order(jobs, order, work)
}

/// Like [`each_on_all_cores`], the biggest jobs (by `size`) taken first,
/// so that no thread is left with a big one while the others are idle;
/// the results are still in the jobs' order.
pub fn each_biggest_first<T: Send, R: Send>(
    jobs: Vec<T>,
    size: impl Fn(&T) -> usize,
    work: impl Fn(usize, T) -> R + Sync,
) -> Vec<R> {
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(size(&jobs[i])));
    each_in_order(jobs, order, work)
}

/// Does `work` on every job, taken in `order` (positions in `jobs`, each once).
fn each_in_order<T: Send, R: Send>(jobs: Vec<T>, order: Vec<usize>, work: impl Fn(usize, T) -> R + Sync) -> Vec<R> {
    let n = jobs.len();
    let workers = count().min(n);
    if workers <= 1 {
        return jobs.into_iter().enumerate().map(|(i, job)| work(i, job)).collect();
    }
    let queue: Vec<Mutex<Option<T>>> = jobs.into_iter().map(|j| Mutex::new(Some(j))).collect();
    let next = AtomicUsize::new(0);
    let done: Vec<Vec<(usize, R)>> = std::thread::scope(|scope| {
        let threads: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    while let Some(&i) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let Some(slot) = queue.get(i) else { break };
                        if let Some(job) = slot.lock().unwrap_or_else(|e| e.into_inner()).take() {
                            mine.push((i, work(i, job)));
                        }
                    }
                    mine
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    });
    let mut out: Vec<Option<R>> = (0..n).map(|_| None).collect();
    for (i, r) in done.into_iter().flatten() {
        out[i] = Some(r);
    }
    out.into_iter().flatten().collect()
}

/// Does `work` on `items` cut into one part per core, and puts the parts'
/// results one after another, in order; with fewer than `min` items (not
/// worth a thread) or one core, on all of them here.
pub fn parts_on_all_cores<E: Sync, T: Send>(items: &[E], min: usize, work: impl Fn(&[E]) -> Vec<T> + Sync) -> Vec<T> {
    let cores = count();
    if items.len() < min || cores < 2 {
        return work(items);
    }
    let parts: Vec<&[E]> = items.chunks(items.len().div_ceil(cores)).collect();
    each_on_all_cores(parts, |_, part| work(part)).into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_jobs_order() {
        let jobs: Vec<u64> = (0..100).collect();
        // Uneven work, so threads finish out of order.
        let out = each_on_all_cores(jobs, |i, j| {
            std::thread::sleep(std::time::Duration::from_micros((j % 7) * 50));
            (i, j * 2)
        });
        assert_eq!(out, (0..100).map(|j| (j as usize, j * 2)).collect::<Vec<_>>());
        assert!(each_on_all_cores(Vec::<u8>::new(), |_, j| j).is_empty());
    }

    #[test]
    fn biggest_first_keeps_the_jobs_order() {
        let jobs: Vec<u64> = vec![3, 90, 1, 40, 7, 90, 0];
        let out = each_biggest_first(jobs.clone(), |j| *j as usize, |i, j| (i, j + 1));
        assert_eq!(out, jobs.iter().enumerate().map(|(i, j)| (i, j + 1)).collect::<Vec<_>>());
    }

    #[test]
    fn parts_come_back_in_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let evens = parts_on_all_cores(&items, 100, |part| part.iter().copied().filter(|i| i % 2 == 0).collect());
        assert_eq!(evens, (0..10_000).filter(|i| i % 2 == 0).collect::<Vec<_>>());
        assert_eq!(parts_on_all_cores(&items[..3], 100, |part| part.to_vec()), vec![0, 1, 2]);
    }
}
