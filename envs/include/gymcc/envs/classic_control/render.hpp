#pragma once
// render_mode="rgb_array" for the classic-control envs: the frames
// gymnasium's pygame renderers return (CartPole and MountainCar 600x400,
// Pendulum and Acrobot 500x500), drawn with gymcc::Canvas from the same
// coordinates gymnasium computes. Found by ADL, which makes the envs
// RgbRenderable (see gymcc/env.hpp).
//
// Include this header wherever a classic-control env is registered
// (register_env<E> checks RgbRenderable<E> at instantiation).
//
// One difference is deliberate: Pendulum's torque arrow is gymnasium's
// bundled clockwise.png, scaled with pygame's smoothscale; gymcc draws the
// same arrow (ring and head fitted to that image) with area-sampled
// anti-aliasing instead of shipping the image, so pixels along the arrow
// differ slightly.

#include "gymcc/env.hpp"

namespace gymcc::envs {

class Acrobot;
class CartPole;
class MountainCar;
class MountainCarContinuous;
class Pendulum;

void render_rgb(const CartPole& env, Frame& frame);
void render_rgb(const MountainCar& env, Frame& frame);
void render_rgb(const MountainCarContinuous& env, Frame& frame);
void render_rgb(const Pendulum& env, Frame& frame);
void render_rgb(const Acrobot& env, Frame& frame);

}  // namespace gymcc::envs
