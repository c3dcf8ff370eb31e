//! Browser plumbing, no view and no model: the address bar (`url`), the clock (`clock`), fetching
//! the presets (`load`), the Web Worker that computes off the page (`worker`), local storage of the
//! user's cells (`storage`), download links (`download`), the colour scheme and window width
//! (`screen`), and an embedded page's height for the page around it (`embed`).

pub(crate) mod clock;
pub(crate) mod download;
pub(crate) mod embed;
pub(crate) mod load;
pub(crate) mod screen;
pub(crate) mod storage;
pub(crate) mod url;
pub(crate) mod worker;
