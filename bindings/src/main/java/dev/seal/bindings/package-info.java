package dev.seal.bindings;
