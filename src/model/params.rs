//! The model's hyper-parameters, checked once before any work, as linfa's
//! `ParamGuard` does: [`ModelParams`] is what a user sets, and
//! [`ValidModelParams`] what a fit takes.

use crate::error::{Error, SettingError};
use linfa::ParamGuard;
use serde::{Deserialize, Serialize};

/// Checked settings of a [`super::Model`] fit: the only form a fit takes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ValidModelParams {
    alpha: f32,
    max_iterations: u64,
    class_weight_power: f32,
}

impl ValidModelParams {
    /// The L2 penalty (linfa-logistic's `alpha`).
    pub fn alpha(&self) -> f32 {
        self.alpha
    }

    /// L-BFGS iterations at most.
    pub fn max_iterations(&self) -> u64 {
        self.max_iterations
    }

    /// How much rarer labels weigh (see [`ModelParams::class_weight_power`]).
    pub fn class_weight_power(&self) -> f32 {
        self.class_weight_power
    }
}

/// Settings of a [`super::Model`] fit, to be checked ([`ModelParams::check`]).
///
/// ```
/// use declutter::train::ModelParams;
/// let params = ModelParams::default().alpha(1.0).max_iterations(50);
/// assert_eq!(params.check().unwrap().alpha(), 1.0);
/// assert!(ModelParams::default().max_iterations(0).check().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ModelParams(ValidModelParams);

impl Default for ModelParams {
    /// alpha 0.3, 200 iterations, class-weight power 0.5.
    fn default() -> Self {
        ModelParams(ValidModelParams {
            alpha: 0.3,
            max_iterations: 200,
            class_weight_power: 0.5,
        })
    }
}

impl ModelParams {
    /// The L2 penalty (linfa-logistic's `alpha`): a positive number.
    pub fn alpha(mut self, alpha: f32) -> Self {
        self.0.alpha = alpha;
        self
    }

    /// L-BFGS iterations at most: positive.
    pub fn max_iterations(mut self, max_iterations: u64) -> Self {
        self.0.max_iterations = max_iterations;
        self
    }

    /// How much rarer labels weigh, between 0 and 2: each row of a label
    /// weighs `(n / (k · n_label))^power` in the loss, so 0 keeps the data's
    /// proportions and 1 gives every label the same total weight.
    pub fn class_weight_power(mut self, power: f32) -> Self {
        self.0.class_weight_power = power;
        self
    }

    /// The settings as they are, checked or not.
    pub fn unchecked(&self) -> &ValidModelParams {
        &self.0
    }

    /// Checks the settings ([`ParamGuard::check`], without importing the trait).
    pub fn check(self) -> Result<ValidModelParams, Error> {
        ParamGuard::check(self)
    }
}

impl ParamGuard for ModelParams {
    type Checked = ValidModelParams;
    type Error = Error;

    fn check_ref(&self) -> Result<&ValidModelParams, Error> {
        let p = &self.0;
        if !(p.alpha.is_finite() && p.alpha > 0.0) {
            return Err(SettingError::new("alpha", p.alpha, "a positive number").into());
        }
        if !(0.0..=2.0).contains(&p.class_weight_power) {
            let power = p.class_weight_power;
            return Err(SettingError::new("class_weight_power", power, "between 0 and 2").into());
        }
        if p.max_iterations == 0 {
            return Err(SettingError::new("max_iterations", 0, "positive").into());
        }
        Ok(p)
    }

    fn check(self) -> Result<ValidModelParams, Error> {
        self.check_ref()?;
        Ok(self.0)
    }
}
