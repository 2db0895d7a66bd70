#pragma once
/// @file Acquisition functions for minimisation.

namespace tabnas {

/// Standard normal density.
[[nodiscard]] double normal_pdf(double z) noexcept;
/// Standard normal distribution function.
[[nodiscard]] double normal_cdf(double z) noexcept;

/// Expected improvement below `best` of a Gaussian prediction N(mean, sd^2) (minimisation;
/// Jones, Schonlau & Welch 1998): (best - mean) Phi(z) + sd phi(z), z = (best - mean) / sd.
/// With sd <= 0 it is max(best - mean, 0). Always >= 0.
[[nodiscard]] double expected_improvement(double mean, double sd, double best) noexcept;

}  // namespace tabnas
