// gymcc: a client for `gymcc serve` (docs/api.md, docs/fast-paths.md).

export { Client, Session } from "./client.js";
export {
  Env,
  VectorEnv,
  toObservation,
  type AutoresetMode,
  type EnvState,
  type Info,
  type MakeOptions,
  type MakeVecOptions,
  type ResetOptions,
  type ResetResult,
  type StepResult,
  type SubEnvOptions,
  type VectorEnvState,
  type VectorResetOptions,
  type VectorResetResult,
  type VectorStepResult,
} from "./env.js";
export { ClosedError, ConnectionError, GymccError, InvalidStateError, TimeoutError } from "./errors.js";
export { NDArray, type DType, type NestedList, type TypedArray } from "./ndarray.js";
export { Generator, PCG64, SeedSequence, type SeedLike } from "./rng.js";
export {
  Box,
  Dict,
  Discrete,
  MultiBinary,
  MultiDiscrete,
  Space,
  Tuple,
  spaceFromDescription,
  type SpaceDescription,
  type SpaceValue,
} from "./spaces.js";
export type { ConnectionOptions } from "./transport.js";
export { decodeNDArray, encodeNDArray } from "./ndarray.js";
