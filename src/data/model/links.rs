//! Each entity's links as counting-sorted arrays: the dataset's adjacency,
//! made when a dataset is assembled or seen as of a day.

/// Each entity's links, by a counting sort of `ends` (an end and its link's
/// index, a pair per link): `(start, links)`, the links of entity `i` being
/// `links[start[i]..start[i + 1]]`, in link order.
pub(super) fn adjacency(n: usize, ends: impl Iterator<Item = (usize, u32)> + Clone) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; n + 1];
    for (e, _) in ends.clone() {
        start[e + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut links = vec![0u32; start[n] as usize];
    for (e, l) in ends {
        links[fill[e] as usize] = l;
        fill[e] += 1;
    }
    (start, links)
}
