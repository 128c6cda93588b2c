package com.example.broken;

import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.Params;

/** Fails while being discovered. */
public final class ThrowingProvider implements LossProvider {
    public ThrowingProvider() {
        throw new IllegalStateException("native library missing");
    }

    @Override
    public String name() {
        return "never";
    }

    @Override
    public String description() {
        return "never";
    }

    @Override
    public Loss create(Params params) {
        throw new UnsupportedOperationException();
    }
}
