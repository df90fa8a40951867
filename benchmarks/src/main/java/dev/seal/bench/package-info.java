package dev.seal.bench;
