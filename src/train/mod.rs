//! Stage 7, training and evaluation: labelled pages ([`corpus`]), their
//! blocks read from HTML ([`align`]), synthetic sections ([`augment`]),
//! fitting the pipeline ([`fit`]) and scoring any labelling ([`eval`]).

pub(crate) mod align;
#[cfg(feature = "train")]
pub(crate) mod augment;
pub(crate) mod corpus;
pub(crate) mod eval;
#[cfg(feature = "train")]
pub(crate) mod fit;
