package com.example.broken;

import ncdesign.api.loss.Loss;
import ncdesign.api.loss.LossProvider;
import ncdesign.api.param.Params;

/** Claims the built-in name 'ce'. */
public final class DuplicateCe implements LossProvider {
    @Override
    public String name() {
        return "ce";
    }

    @Override
    public String description() {
        return "a second 'ce'";
    }

    @Override
    public Loss create(Params params) {
        throw new UnsupportedOperationException();
    }
}
