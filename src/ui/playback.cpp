#include "ui/playback.h"

#include <algorithm>
#include <cmath>

namespace tconv::ui {

double ease(double t) {
  t = std::clamp(t, 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

size_t Playback::step() const {
  if (count_ == 0) return 0;
  return std::min(count_ - 1, static_cast<size_t>(std::floor(pos_ + 1e-9)));
}

bool Playback::moving() const { return playing_ || pos_ != target_; }

double Playback::kernel_motion() const {
  double f = pos_ - double(step());
  if (f <= 1e-9) return 0.0;
  if (playing_) f = (f - kHoldShare) / (1.0 - kHoldShare);
  return ease(f);
}

void Playback::set_count(size_t n) {
  count_ = n;
  pos_ = std::clamp(pos_, 0.0, last_());
  target_ = std::clamp(target_, 0.0, last_());
  if (count_ <= 1) playing_ = false;
}

void Playback::play() {
  if (count_ <= 1) return;
  if (pos_ >= last_()) pos_ = target_ = 0.0;  // replay from the start
  playing_ = true;
}

void Playback::pause() {
  if (!playing_) return;
  playing_ = false;
  // Keep the drawn kernel where it is: convert the played motion (with its rest) to a glide.
  const double k = double(step());
  const double f = pos_ - k;
  const double g = std::clamp((f - kHoldShare) / (1.0 - kHoldShare), 0.0, 1.0);
  pos_ = k + g;
  target_ = g > 0.0 ? std::min(k + 1.0, last_()) : k;
}

void Playback::step_forward() {
  if (playing_) pause();
  target_ = std::min(std::floor(target_ + 1e-9) + 1.0, last_());
}

void Playback::step_back() {
  if (playing_) pause();
  const double t = std::ceil(target_ - 1e-9) - 1.0;
  target_ = std::max(t, 0.0);
}

void Playback::home() { seek(0); }
void Playback::end() { seek(count_ == 0 ? 0 : count_ - 1); }

void Playback::seek(size_t s) {
  playing_ = false;
  pos_ = target_ = std::clamp(double(s), 0.0, last_());
}

void Playback::show_frame(size_t s, double motion) {
  seek(s);
  const double m = std::clamp(motion, 0.0, 1.0);
  if (m <= 0.0 || pos_ >= last_()) return;
  // Inverse of the smoothstep: t with 3t^2 - 2t^3 = m.
  const double t = 0.5 - std::sin(std::asin(1.0 - 2.0 * m) / 3.0);
  pos_ = target_ = std::min(pos_ + std::clamp(t, 0.0, 1.0 - 1e-9), last_());
}

bool Playback::advance(double dt) {
  if (count_ == 0 || !(dt > 0.0)) return false;
  const double before = pos_;
  if (playing_) {
    pos_ += dt * speed;
    if (pos_ >= last_()) {
      pos_ = target_ = last_();
      playing_ = false;
    }
    return true;  // the resting kernel still counts as a change: the frame must be drawn
  }
  if (pos_ != target_) {
    const double rate = std::max(kGlideRate, speed);
    const double d = dt * rate;
    if (std::abs(target_ - pos_) <= d) {
      pos_ = target_;
    } else {
      pos_ += target_ > pos_ ? d : -d;
    }
  }
  return pos_ != before;
}

}  // namespace tconv::ui
