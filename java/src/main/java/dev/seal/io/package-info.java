/** Crash-safe file publication shared by every writer. */
package dev.seal.io;
