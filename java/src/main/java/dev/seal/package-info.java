/** seal: datasets, scoring, statistics, CLI. */
package dev.seal;
