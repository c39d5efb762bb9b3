//! Running a list of jobs (files to parse, files to build) on every core:
//! each thread takes the next job when done with one, and the results keep
//! the jobs' order.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Does `work` on every job (with its position), on as many threads as
/// there are cores (one: here, in order); the results are in the jobs' order.
/// A panic in a job is raised again here.
pub(super) fn each_on_all_cores<T: Send, R: Send>(jobs: Vec<T>, work: impl Fn(usize, T) -> R + Sync) -> Vec<R> {
    let n = jobs.len();
    let workers = std::thread::available_parallelism().map_or(1, |c| c.get()).min(n);
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
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
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
}
