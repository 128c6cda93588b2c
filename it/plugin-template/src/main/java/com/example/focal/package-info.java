/** The focal-NormFace loss ({@link com.example.focal.FocalNormFace}) and its provider. */
package com.example.focal;
