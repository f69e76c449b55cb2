package dev.dicenet.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dicenet.aparapi.AparapiBackend;
import dev.dicenet.aparapi.MemoryStats;
import dev.dicenet.data.InMemoryData;
import dev.dicenet.data.SyntheticShapes;
import dev.dicenet.layers.Layer;
import dev.dicenet.layers.LayerArray;
import dev.dicenet.layers.Layers;
import dev.dicenet.layers.Parameter;
import dev.dicenet.tensor.Backend;
import dev.dicenet.tensor.Tensor;
import dev.dicenet.training.TrainedNetwork;
import dev.dicenet.training.Trainer;
import dev.dicenet.training.TrainingOptions;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * On the OpenCL backend a training step keeps every tensor on the device (only the input batch goes
 * up; nothing but the loss sums and the predicted label map comes back), and 1,000 steps leave device
 * and heap memory flat. Closing the backend brings every device value home.
 */
class OpenCLResidencyTest {
    private static final InMemoryData DATA = new SyntheticShapes(32, 32, 7).generate(8, 1);

    private static AparapiBackend aparapi() {
        for (Backend b : AvailableBackends.all()) {
            if (b instanceof AparapiBackend) {
                return (AparapiBackend) b;
            }
        }
        Assumptions.abort("the OpenCL backend is not available (allowed by -Ddicenet.requireOpenCL=false)");
        return null;
    }

    private static LayerArray example() {
        return LayerArray.of(Layers.imageInputLayer(32, 32, 3), Layers.convolution2dLayer(3, 8).stride(2).padding(1),
                Layers.reluLayer(), Layers.transposedConv2dLayer(2, 4).stride(2), Layers.softmaxLayer(),
                Layers.dicePixelClassificationLayer());
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50); // let the cleaner free the regions of collected tensors
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void aTrainingStepMovesOnlyTheBatchAndThousandStepsLeaveMemoryFlat() {
        AparapiBackend backend = aparapi();
        Map<Integer, MemoryStats> stats = new TreeMap<>();
        Map<Integer, Long> heap = new TreeMap<>();
        Trainer.trainNetwork(DATA, example(), TrainingOptions.trainingOptions("adam").initialLearnRate(0.01)
                .maxEpochs(1000).miniBatchSize(8).shuffle("never").seed(3).verbose(false).backend(backend)
                .listener(info -> {
                    int it = info.iteration();
                    if (it == 20 || it == 21 || it == 100 || it == 1000) {
                        try {
                            heap.put(it, heapAfterGc());
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        stats.put(it, backend.memoryStats());
                    }
                }));
        MemoryStats a = stats.get(20);
        MemoryStats b = stats.get(21);
        assertEquals(1, b.tensorUploads() - a.tensorUploads(), "one tensor uploaded per step (the batch): " + a + " -> " + b);
        assertEquals(0, b.tensorDownloads() - a.tensorDownloads(), "no tensor copied to the host per step: " + a + " -> " + b);
        MemoryStats early = stats.get(100);
        MemoryStats late = stats.get(1000);
        assertEquals(early.capacityBytes(), late.capacityBytes(), "device arena grew: " + early + " -> " + late);
        assertEquals(early.inUseBytes(), late.inUseBytes(), "device memory in use changed: " + early + " -> " + late);
        assertEquals(early.liveTensors(), late.liveTensors(), "device tensors leaked: " + early + " -> " + late);
        long growth = heap.get(1000) - heap.get(100);
        assertTrue(growth < 16L << 20, "heap grew by " + (growth >> 20) + " MiB over 900 steps");
    }

    @Test
    void releaseAndCloseBringDeviceValuesHome() {
        AparapiBackend own = AparapiBackend.create();
        TrainedNetwork t = Trainer.trainNetwork(DATA, example(), TrainingOptions.trainingOptions("sgdm")
                .initialLearnRate(0.01).maxEpochs(2).miniBatchSize(4).seed(5).verbose(false).backend(own));
        List<Parameter> parameters = new ArrayList<>();
        for (Layer l : t.network().layers()) {
            parameters.addAll(l.parameters());
        }
        assertTrue(own.memoryStats().liveTensors() > parameters.size(), "the network lives on the device");
        // values as the device has them, read through the coherence protocol
        List<float[]> expected = new ArrayList<>();
        for (Parameter p : parameters) {
            expected.add(p.value().data().clone());
        }
        Tensor first = parameters.get(0).value();
        own.sgdmUpdate(first, first, own.zeros(first.shape()), 0.5f, 0f, 0f); // p -= 0.5 p, on the device only
        float[] halved = expected.get(0).clone();
        for (int i = 0; i < halved.length; i++) {
            halved[i] -= 0.5f * halved[i];
        }
        expected.set(0, halved);
        own.release(parameters.get(1).value());
        int before = own.memoryStats().liveTensors();
        t.network().close(); // the network's workspaces and parameters leave the device
        assertTrue(own.memoryStats().liveTensors() < before - parameters.size() + 1,
                "closing the network released its tensors: " + before + " -> " + own.memoryStats());
        own.close();
        assertEquals(0, own.memoryStats().liveTensors());
        for (int i = 0; i < parameters.size(); i++) {
            assertArrayEquals(expected.get(i), parameters.get(i).value().data(), 1e-6f, "parameter " + i);
        }
    }
}
